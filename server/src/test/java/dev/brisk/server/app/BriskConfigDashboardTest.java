package dev.brisk.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.server.support.LocalBrisk;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BRISK_DASHBOARD_PORT: its default, its validation, and what happens when the port is busy. */
class BriskConfigDashboardTest {
    @TempDir
    Path folder;

    @Test
    void defaultsTo8502AndMayBeBusyOnlyWhenNotSetExplicitly() {
        BriskConfig defaults = BriskConfig.defaults();
        assertThat(defaults.dashboardPort()).isEqualTo(8502);
        assertThat(defaults.dashboardPortFlexible()).isTrue();
        assertThat(defaults.withPort(9000).dashboardPortFlexible()).isTrue();

        BriskConfig set = BriskConfig.fromEnvironment(Map.of("BRISK_DASHBOARD_PORT", "9100"));
        assertThat(set.dashboardPort()).isEqualTo(9100);
        assertThat(set.dashboardPortFlexible()).isFalse();
        assertThat(set.withPort(9000).dashboardPort()).isEqualTo(9100);
        assertThat(BriskConfig.fromEnvironment(Map.of("BRISK_DASHBOARD_PORT", "0")).dashboardPort()).isZero();
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> BriskConfig.fromEnvironment(Map.of("BRISK_DASHBOARD_PORT", "web")))
                .hasMessageContaining("BRISK_DASHBOARD_PORT must be a whole number");
        assertThatThrownBy(() -> BriskConfig.fromEnvironment(Map.of("BRISK_DASHBOARD_PORT", "70000")))
                .hasMessageContaining("BRISK_DASHBOARD_PORT must be from 0 to 65535");
        assertThatThrownBy(() -> BriskConfig.fromEnvironment(Map.of("BRISK_PORT", "9000", "BRISK_DASHBOARD_PORT", "9000")))
                .hasMessageContaining("BRISK_DASHBOARD_PORT (9000) must differ from BRISK_PORT");
    }

    @Test
    void aBusyExplicitPortStopsTheStartWithAClearMessage() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(busy.getLocalPort());
            assertThatThrownBy(() -> LocalBrisk.start(folder, false, env -> env.put("BRISK_DASHBOARD_PORT", port)))
                    .hasMessageContaining("BRISK_DASHBOARD_PORT " + port + " is already in use");
        }
    }

    @Test
    void aBusyDefaultPortIsReplacedByAFreeOne() {
        // Whether this test or another process holds 8502, the default port is busy while Brisk starts.
        ServerSocket holder = null;
        try {
            holder = new ServerSocket(BriskConfig.DEFAULT_DASHBOARD_PORT, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException alreadyInUse) {
            // Someone else holds it: just as busy.
        }
        try (LocalBrisk brisk = LocalBrisk.start(folder, false, env -> env.remove("BRISK_DASHBOARD_PORT"))) {
            int port = brisk.brisk().dashboardPort();
            assertThat(port).isPositive().isNotEqualTo(BriskConfig.DEFAULT_DASHBOARD_PORT);
            assertThat(brisk.getOn(port, "/dashboard/").status()).isEqualTo(200);
        } finally {
            if (holder != null) {
                try {
                    holder.close();
                } catch (IOException ignored) {
                    // closing a test socket
                }
            }
        }
    }
}
