// WordNet's irregular forms as wink's English model ships them (form → lemma), which its lemmatiser reads.
declare module 'wink-eng-lite-web-model/dist/wn-verb-exceptions.js' {
  const exceptions: Record<string, string>;
  export default exceptions;
}
declare module 'wink-eng-lite-web-model/dist/wn-noun-exceptions.js' {
  const exceptions: Record<string, string>;
  export default exceptions;
}
declare module 'wink-eng-lite-web-model/dist/wn-adjective-exceptions.js' {
  const exceptions: Record<string, string>;
  export default exceptions;
}
