package dev.brisk.client;

/** What the presented key may do: whether keys are required, whether it is valid, its role. */
public record Access(boolean keysRequired, boolean authenticated, String role, String keyId, String keyName) {
}
