// fontkit ships no types: the one function we import, typed where it is used (pdf-fonts.ts).
declare module 'fontkit' {
  export function create(buffer: Uint8Array): unknown;
}
