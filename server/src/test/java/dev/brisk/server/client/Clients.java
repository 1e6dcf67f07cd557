package dev.brisk.server.client;

import dev.brisk.client.BriskClient;
import dev.brisk.server.TestService;

/** Java clients of a test's service. */
final class Clients {
    private Clients() {
    }

    /** A builder aimed at the service, with an API key (null for none). */
    static BriskClient.Builder of(TestService service, String apiKey) {
        return BriskClient.builder().baseUrl("http://127.0.0.1:" + service.port()).apiKey(apiKey);
    }
}
