package dev.brisk.core.experiments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic assignment of a user to a variant: the first 8 bytes of SHA-256("experiment id" +
 * NUL + "user id") read as a number in [0, 1), then the variant whose share of the cumulative
 * weights holds that number. The same on every instance, JVM and restart; independent between
 * experiments (another id, another hash), so a user's group in one says nothing about the next.
 */
public final class Assignment {
    private Assignment() {
    }

    /** The user's uniform position in [0, 1) for this experiment. */
    public static double position(String experimentId, String userId) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        sha.update(experimentId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        byte[] digest = sha.digest(userId.getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (digest[i] & 0xff);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** The index of the variant a user is in, given the variants' weights (positive, any scale). */
    public static int variant(String experimentId, String userId, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double target = position(experimentId, userId) * total;
        double cumulative = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative += weights[i];
            if (target < cumulative) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
