package dev.brisk.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Some events were refused as invalid. {@link #rejections()} tells which, by their index in what
 * was sent, with every problem; {@link #result()} tells what happened to the others — when
 * {@code result().accepted() > 0} the valid events <em>were</em> stored (the service answered
 * "partial"), so send only the corrected ones again.
 */
public class EventsRejectedException extends BriskValidationException {
    private final IngestResult result;

    public EventsRejectedException(int status, String code, String message, JsonNode details, IngestResult result) {
        super(status, code, message, details);
        this.result = result;
    }

    /** What the service did with the request: the counts of stored and duplicate events, and the rejections. */
    public IngestResult result() {
        return result;
    }

    /** The refused events, by index in the request (in the whole stream for {@code stream}). */
    public List<EventRejection> rejections() {
        return result.rejected();
    }
}
