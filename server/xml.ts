/**
 * Text for XML documents (Atom feeds, the OpenSearch description). XML 1.0 forbids most control
 * characters and lone surrogates even when escaped, and a feed reader rejects the whole document for
 * one of them, so an article title holding `\x01`, or a query with `%01`, must lose them.
 */

/** Every character XML 1.0 does not allow (control characters but tab and newlines, lone surrogates, U+FFFE/FFFF). */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `text` without the characters XML 1.0 does not allow. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** `text` ready for an XML attribute or element: disallowed characters removed, markup escaped. */
export function xmlEscape(text: string): string {
  return xmlText(text).replace(/[&<>"']/g, (character) => XML_ESCAPES[character] ?? character);
}
