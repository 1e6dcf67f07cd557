package dev.brisk.core.model;

/** A trained model that scores every item of its {@link ItemIndex} for a user's history. */
public interface ItemScorer {

    ItemIndex index();

    /** How the user's history is weighed (the same as the training data). */
    InteractionMatrix.Settings settings();

    /** The user's scores, or null when the history gives this model nothing to go on. */
    UserScores score(UserVector user);
}
