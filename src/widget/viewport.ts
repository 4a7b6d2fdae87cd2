/** Inside an embed: where the top of the iframe is in the host page's viewport, and how tall that
    viewport is (sent by the loader as the host page scrolls and resizes; 0 until it says). */
export const hostViewport = { top: 0, height: 0 };
