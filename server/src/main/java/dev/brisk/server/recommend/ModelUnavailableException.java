package dev.brisk.server.recommend;

/** The model asked for exists but has not finished its first training yet. */
public class ModelUnavailableException extends RuntimeException {
    public ModelUnavailableException(String type) {
        super("The model '" + type + "' is not trained yet; retry shortly");
    }
}
