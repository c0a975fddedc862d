import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url without padding: 43 characters, 256 bits. */
const TOKEN_BYTES = 32;
export const SURVEY_TOKEN_PATTERN = '^[A-Za-z0-9_-]{43}$';

/**
 * A survey link's secret. Only its hash is stored: a plain SHA-256 is enough for 256 random bits (no
 * dictionary to try), and the lookup by hash is one index probe whose timing says nothing about the
 * stored tokens.
 */
export function newSurveyToken(): { token: string; tokenHash: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, tokenHash: hashSurveyToken(token) };
}

export function hashSurveyToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function surveyLink(linkBaseUrl: string, token: string): string {
  return `${linkBaseUrl}/${token}`;
}
