package dev.brisk.client;

import java.net.http.HttpResponse;

/** {@code /health}, {@code /ready}, {@code /metrics/realtime}, {@code /metrics/history}, {@code /metrics}, {@code /analytics/engagement}. */
public final class MonitoringApi {
    private final Transport transport;

    MonitoringApi(Transport transport) {
        this.transport = transport;
    }

    /** Liveness: answers while the process does. */
    public Health health() {
        return transport.send(Call.get("/health"), Health.class);
    }

    /** Readiness, also when a component is down (the service then answers 503 with the same body). */
    public Readiness ready() {
        HttpResponse<byte[]> answer = transport.exchange(Call.get("/ready"));
        var body = Transport.parse(answer.body());
        if (body == null || !body.has("components")) {
            throw BriskException.fromAnswer(answer.statusCode(), body, Transport.text(answer), null);
        }
        return Json.read(body, Readiness.class);
    }

    /** The live operating figures. */
    public Realtime realtime() {
        return transport.send(Call.get("/metrics/realtime"), Realtime.class);
    }

    /** The stored history of one figure (e.g. "events_per_second_1m") over {@code window} (e.g. "1h"; null: the default). */
    public MetricHistory history(String name, String window) {
        return transport.send(Call.get(new Call.Path("/metrics/history").param("name", name).param("window", window)
                .toString()), MetricHistory.class);
    }

    /** The Prometheus exposition text of {@code /metrics}. */
    public String prometheus() {
        HttpResponse<byte[]> answer = transport.exchange(Call.getText("/metrics"));
        if (answer.statusCode() != 200) {
            throw BriskException.fromAnswer(answer.statusCode(), Transport.parse(answer.body()), Transport.text(answer), null);
        }
        return Transport.text(answer);
    }

    /** What users did over {@code window} (e.g. "24h"; null: the default). */
    public Engagement engagement(String window) {
        return transport.send(Call.get(new Call.Path("/analytics/engagement").param("window", window).toString()),
                Engagement.class);
    }
}
