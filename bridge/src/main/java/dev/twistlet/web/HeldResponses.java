package dev.twistlet.web;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The responses of one {@link Site} held open past {@code render} ({@code NOT_DONE_YET}, a
 * pending {@code CompletionStage}) and not yet ended, so that a server stopping can tell
 * them all why they will never finish ({@link Site#endHeldResponses}). Safe from any thread.
 */
final class HeldResponses {
    private final Set<ResponseState> open = ConcurrentHashMap.newKeySet();
    /** Set once every held response was ended: those held later end at once, for the same reason. */
    private volatile String endedBecause;

    /**
     * @param response a response just held open
     * @return {@code null}, or the reason it must end at once because the site already ended
     *         its held responses
     */
    String add(ResponseState response) {
        open.add(response);
        // Read after adding: either endAll sees this response, or this sees endAll's reason.
        return endedBecause;
    }

    /** @param response a response that has ended, however */
    void remove(ResponseState response) {
        open.remove(response);
    }

    /**
     * @param reason the message their {@code notifyFinish()} failures carry
     * @return how many were still open and are ended now
     */
    int endAll(String reason) {
        endedBecause = reason;
        int ended = 0;
        for (ResponseState response : open) {
            if (response.endHeld(reason)) {
                ended++;
            }
        }
        return ended;
    }
}
