package dev.brisk.server.app;

/**
 * A port the service must listen on is taken by another process: an operator's problem told in one
 * line (which variable, which port), not a failure of the program.
 */
public final class PortInUseException extends RuntimeException {
    PortInUseException(String variable, String host, int port) {
        super(variable + " " + port + " is already in use on " + host
                + "; stop the process that holds it or choose another port");
    }
}
