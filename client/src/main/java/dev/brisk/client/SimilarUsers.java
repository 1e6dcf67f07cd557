package dev.brisk.client;

import java.util.List;

/** The users whose taste (ALS factors) is closest to one user's, most similar first. */
public record SimilarUsers(String userId, String model, String modelVersion, List<SimilarUser> users) {

    /** One similar user; {@code score} is the cosine of the two users' factors. */
    public record SimilarUser(int rank, String userId, double score) {
    }
}
