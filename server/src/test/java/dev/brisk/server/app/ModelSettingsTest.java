package dev.brisk.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.core.model.Hybrid;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.Workers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {

    @Test
    void defaultsServeTheHybridWithTunedWeights() {
        BriskConfig config = BriskConfig.defaults();
        assertThat(config.defaultModel()).isEqualTo("hybrid");
        ModelSettings models = config.models();
        assertThat(models.alsFactors()).isEqualTo(64);
        assertThat(models.fixedWeights()).isNull();
        var params = models.toParams(config.weights(), config.popularHalfLifeDays(), Workers.single());
        assertThat(params.als().solver()).isEqualTo(ImplicitAls.Solver.CG);
        assertThat(params.itemKnn().neighbours()).isEqualTo(100);
        assertThat(params.validationUsers()).isEqualTo(1000);
    }

    @Test
    void aServingInstanceTrainsOnHalfTheCoresAndACommandOnAllUnlessTold() {
        int cores = Runtime.getRuntime().availableProcessors();
        ModelSettings unset = BriskConfig.defaults().models();
        assertThat(unset.threadsWhileServing()).isEqualTo(Math.max(1, cores / 2));
        assertThat(unset.threadsWithoutServing()).isEqualTo(cores);
        assertThat(BriskConfig.fromEnvironment(unset.toEnvironment()).models()).isEqualTo(unset);

        ModelSettings three = BriskConfig.fromEnvironment(Map.of("BRISK_TRAIN_THREADS", "3")).models();
        assertThat(three.threadsWhileServing()).isEqualTo(3);
        assertThat(three.threadsWithoutServing()).isEqualTo(3);
        assertThatThrownBy(() -> BriskConfig.fromEnvironment(Map.of("BRISK_TRAIN_THREADS", "0")))
                .hasMessageContaining("BRISK_TRAIN_THREADS");
    }

    @Test
    void readsEveryModelVariableAndSurvivesARoundTrip() {
        BriskConfig config = BriskConfig.fromEnvironment(Map.of("BRISK_ALS_FACTORS", "32", "BRISK_ALS_SOLVER", "cholesky",
                "BRISK_KNN_NEIGHBOURS", "50", "BRISK_HYBRID_WEIGHTS", "als=0.7,item_knn=0.3",
                "BRISK_ROTATION_IMPRESSIONS", "0", "BRISK_TRAIN_THREADS", "2"));
        assertThat(config.models().fixedWeights()).isEqualTo(new Hybrid.Weights(0.7, 0.3, 0, 0, 0));
        assertThat(config.models().toParams(config.weights(), 7, Workers.single()).als().solver()).isEqualTo(ImplicitAls.Solver.CHOLESKY);
        assertThat(config.models().rotationImpressions()).isZero();
        assertThat(BriskConfig.fromEnvironment(config.toEnvironment()).models()).isEqualTo(config.models());
    }

    @Test
    void namesEveryBadModelVariable() {
        assertThatThrownBy(() -> BriskConfig.fromEnvironment(Map.of("BRISK_ALS_FACTORS", "0",
                "BRISK_ALS_SOLVER", "magic", "BRISK_KNN_ASYMMETRY", "2", "BRISK_HYBRID_WEIGHTS", "als=1,ufo=2",
                "BRISK_DEFAULT_MODEL", "hybrid")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BRISK_ALS_FACTORS").hasMessageContaining("BRISK_ALS_SOLVER")
                .hasMessageContaining("BRISK_KNN_ASYMMETRY").hasMessageContaining("BRISK_HYBRID_WEIGHTS");
        assertThatThrownBy(() -> BriskConfig.fromEnvironment(Map.of("BRISK_HYBRID_WEIGHTS", "als=0,item_knn=0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BRISK_HYBRID_WEIGHTS");
    }
}
