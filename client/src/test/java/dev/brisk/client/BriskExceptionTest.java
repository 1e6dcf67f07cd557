package dev.brisk.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An error answer becomes the exception that says what to do, carrying the service's error shape. */
class BriskExceptionTest {

    @Test
    void eachStatusGetsItsKind() throws Exception {
        assertThat(from(400, "invalid_input")).isInstanceOf(BriskValidationException.class);
        assertThat(from(413, "batch_too_large")).isInstanceOf(BriskValidationException.class);
        assertThat(from(401, "unauthorized")).isInstanceOf(BriskAuthException.class);
        assertThat(from(403, "forbidden")).isInstanceOf(BriskAuthException.class);
        assertThat(from(404, "not_found")).isInstanceOf(BriskNotFoundException.class);
        assertThat(from(429, "rate_limited")).isInstanceOf(BriskUnavailableException.class);
        assertThat(from(503, "overloaded")).isInstanceOf(BriskUnavailableException.class);
        assertThat(from(500, "internal_error")).isExactlyInstanceOf(BriskException.class);
    }

    @Test
    void theErrorShapeIsKept() throws Exception {
        JsonNode body = Json.MAPPER.readTree("""
                {"error": {"code": "invalid_input", "message": "Invalid event: rating is required",
                 "details": {"problems": [{"field": "rating", "message": "is required for a rating event"}]}}}""");
        BriskException e = BriskException.fromAnswer(400, body, body.toString(), null);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_input");
        assertThat(e.getMessage()).isEqualTo("Invalid event: rating is required");
        assertThat(e.problems()).containsExactly(new Problem("rating", "is required for a rating event"));
        assertThat(e.retryAfter()).isEmpty();
        BriskException overloaded = BriskException.fromAnswer(503, Json.MAPPER.readTree(
                "{\"error\": {\"code\": \"overloaded\", \"message\": \"m\", \"details\": {}}}"), "", Duration.ofSeconds(2));
        assertThat(overloaded.retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void anAnswerNotInTheShapeKeepsItsText() {
        BriskException e = BriskException.fromAnswer(502, null, "<html>Bad gateway</html>", null);
        assertThat(e.code()).isEqualTo("http_502");
        assertThat(e.getMessage()).contains("502").contains("Bad gateway");
        assertThat(e.details().isEmpty()).isTrue();
        assertThat(e.problems()).isEmpty();
    }

    private static BriskException from(int status, String code) throws Exception {
        JsonNode body = Json.MAPPER.readTree("{\"error\": {\"code\": \"" + code + "\", \"message\": \"m\", \"details\": {}}}");
        BriskException e = BriskException.fromAnswer(status, body, body.toString(), null);
        assertThat(e.code()).isEqualTo(code);
        return e;
    }
}
