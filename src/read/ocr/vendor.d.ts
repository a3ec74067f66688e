/** Minimal typings of the pure-JS image decoders used by the image reader (they ship none). */
declare module 'pngjs' {
  export const PNG: {
    sync: { read(buffer: Buffer, opts?: { skipRescale?: boolean }): { width: number; height: number; data: Buffer } };
  };
}

declare module 'utif' {
  export interface IFD {
    width: number;
    height: number;
    [tag: string]: unknown;
  }
  export function decode(buffer: ArrayBuffer | Uint8Array): IFD[];
  export function decodeImage(buffer: ArrayBuffer | Uint8Array, ifd: IFD): void;
  export function toRGBA8(ifd: IFD): Uint8Array;
  const UTIF: { decode: typeof decode; decodeImage: typeof decodeImage; toRGBA8: typeof toRGBA8 };
  export default UTIF;
}
