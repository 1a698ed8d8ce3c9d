// esbuild imports .css files as text (scripts/bundle.ts); the element puts that text in its shadow root.
declare module '*.css' {
  const text: string;
  export default text;
}
