package dev.brisk.server.recommend;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.server.training.ModelRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a trained ALS model there is no answer: the route turns this into 503 model_unavailable. */
class SimilarUsersServiceTest {
    @Test
    void noTrainedAlsModelMeansTheModelIsUnavailable() {
        ModelRegistry nothingTrained = new ModelRegistry(List.of("popular", "als"), "popular");
        SimilarUsersService service = new SimilarUsersService(nothingTrained, null, null);
        assertThatThrownBy(() -> service.similar("u1", 10)).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("'als'");
    }
}
