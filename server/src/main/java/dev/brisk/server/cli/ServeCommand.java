package dev.brisk.server.cli;

import dev.brisk.server.app.Brisk;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.app.ConfigException;
import dev.brisk.server.app.PortInUseException;
import dev.brisk.server.store.StoreException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** {@code brisk serve}: runs the service until the process is stopped. */
@Command(name = "serve", description = "Start the service (configured by BRISK_* environment variables).")
public final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() throws InterruptedException {
        BriskConfig config;
        try {
            config = BriskConfig.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        // A mistyped variable would otherwise be ignored without a word.
        BriskConfig.unknownVariables(System.getenv()).forEach(warning -> LoggerFactory.getLogger(ServeCommand.class)
                .warn(warning));
        Brisk brisk;
        try {
            brisk = Brisk.start(config);
        } catch (StoreException | PortInUseException e) {
            System.err.println(e.getMessage()); // one line for the operator, not a stack trace
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            brisk.close();
            stopped.countDown();
        }, "brisk-shutdown"));
        stopped.await();
        return 0;
    }
}
