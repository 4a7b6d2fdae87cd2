/* Reading a host page over HTTP, for the check that it carries the embed. Bounded in every way a
   host could make it costly: time, size, and no redirects (a redirect could leave the allowed origin). */

export interface FetchedPage {
  status: number;
  contentType: string;
  body: string;
}

export type PageFetcher = (url: string) => Promise<FetchedPage | null>;

export const PAGE_FETCH_TIMEOUT_MS = 5000;
export const PAGE_FETCH_MAX_BYTES = 1024 * 1024;

/** The page, or null when it cannot be read in time; a body over the limit is cut at the limit. */
export const fetchPage: PageFetcher = async (url) => {
  try {
    const res = await fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(PAGE_FETCH_TIMEOUT_MS),
      headers: { accept: 'text/html', 'user-agent': 'Parley (checking the embedded discussion)' },
    });
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        size += value.byteLength;
        if (size >= PAGE_FETCH_MAX_BYTES) {
          await reader.cancel();
          break;
        }
      }
    }
    const body = new TextDecoder('utf-8').decode(Buffer.concat(chunks).subarray(0, PAGE_FETCH_MAX_BYTES));
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body };
  } catch {
    return null;
  }
};
