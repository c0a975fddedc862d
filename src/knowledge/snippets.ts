/**
 * Highlighted snippets: ts_headline marks the matches with control characters that cannot occur in
 * stored text (NUL is refused at the edge; these two are replaced on the way in), the rest is escaped as
 * HTML, then the marks become <mark>. So a snippet of content that contains `<script>` shows it as text.
 */
export const MARK_START = '\u0002';
export const MARK_STOP = '\u0003';
export const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function snippetHtml(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (c) => escapes[c]!)
    .replaceAll(MARK_START, '<mark>')
    .replaceAll(MARK_STOP, '</mark>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Removes the snippet marks from text that is about to be stored. */
export function withoutMarks(text: string): string {
  return text.replace(/[\u0002\u0003]/g, ' ');
}
