import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Article content is Markdown; emails carry it as HTML. Raw HTML in the Markdown is never passed through
 * (markdown-it `html: false` escapes it as text), and the rendered HTML is sanitised again with an allow
 * list, so only formatting tags and http(s)/mailto links survive: no script, no event handlers, no
 * `javascript:` or `data:` URLs, whatever the Markdown tried.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const SAFE_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title'], ol: ['start'], th: ['style'], td: ['style'] },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
};
SAFE_HTML.allowedAttributes = { ...(SAFE_HTML.allowedAttributes as Record<string, string[]>), a: ['href', 'title', 'rel'] };

export function renderArticleHtml(content: string): string {
  return sanitizeHtml(markdown.render(content), SAFE_HTML);
}

/** Plain-text alternative for the email (the Markdown itself reads well as text). */
export function articlePlainText(title: string, content: string): string {
  return `${title}\n\n${content.trim()}\n`;
}
