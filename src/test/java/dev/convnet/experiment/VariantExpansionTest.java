package dev.convnet.experiment;

import dev.convnet.common.BadRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VariantExpansionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode BASE = JSON.readTree("""
            {"model": {"preset": "lenet5"}, "dataset": "mnist", "epochs": 2, "batchSize": 64,
             "optimizer": {"type": "sgd", "learningRate": 0.01}}""");

    private static ExperimentRequest variants(ExperimentRequest.Variant... variants) {
        return new ExperimentRequest("x", BASE, List.of(variants), null, null, null, null, null);
    }

    private static ExperimentRequest grid(Map<String, List<JsonNode>> axes) {
        List<ExperimentRequest.GridAxis> grid = axes.entrySet().stream()
                .map(axis -> new ExperimentRequest.GridAxis(axis.getKey(), axis.getValue())).toList();
        return new ExperimentRequest("x", BASE, null, grid, null, null, null, null);
    }

    @Test
    void variantsAreTheBaseWithTheirPatchMergedIn() {
        List<PlannedVariant> planned = VariantExpansion.expand(variants(
                new ExperimentRequest.Variant("base", null),
                new ExperimentRequest.Variant("adam", JSON.readTree("{\"optimizer\": {\"type\": \"adam\"}, \"batchSize\": null}"))), 10);
        assertThat(planned).extracting(PlannedVariant::name).containsExactly("base", "adam");
        assertThat(planned.get(0).job()).isEqualTo(BASE);
        assertThat(planned.get(1).job().at("/optimizer/type").stringValue()).isEqualTo("adam");
        assertThat(planned.get(1).job().at("/optimizer/learningRate").doubleValue()).isEqualTo(0.01);
        assertThat(planned.get(1).job().has("batchSize")).isFalse();
        assertThat(planned.get(1).job().get("dataset").stringValue()).isEqualTo("mnist");
    }

    @Test
    void aGridIsEveryCombinationNamedAfterItsValuesTheFirstFieldSlowest() {
        Map<String, List<JsonNode>> axes = new LinkedHashMap<>();
        axes.put("/optimizer/learningRate", List.of(JSON.readTree("0.1"), JSON.readTree("0.01")));
        axes.put("optimizer.type", List.of(JSON.readTree("\"sgd\""), JSON.readTree("\"adam\""), JSON.readTree("\"rmsprop\"")));
        List<PlannedVariant> planned = VariantExpansion.expand(grid(axes), 10);
        assertThat(planned).extracting(PlannedVariant::name).containsExactly(
                "learningRate=0.1, type=sgd", "learningRate=0.1, type=adam", "learningRate=0.1, type=rmsprop",
                "learningRate=0.01, type=sgd", "learningRate=0.01, type=adam", "learningRate=0.01, type=rmsprop");
        PlannedVariant last = planned.get(5);
        assertThat(last.patch()).isEqualTo(JSON.readTree("{\"optimizer\": {\"learningRate\": 0.01, \"type\": \"rmsprop\"}}"));
        assertThat(last.job().at("/optimizer/learningRate").doubleValue()).isEqualTo(0.01);
        assertThat(last.job().get("epochs").intValue()).isEqualTo(2);
    }

    @Test
    void aGridFieldCanCreateAnObjectTheBaseLacks() {
        List<PlannedVariant> planned = VariantExpansion.expand(grid(Map.of("/augmentation/horizontalFlip",
                List.of(JSON.readTree("true")))), 10);
        assertThat(planned.get(0).job().at("/augmentation/horizontalFlip").booleanValue()).isTrue();
    }

    @Test
    void refusesWhatCannotBeExpandedNamingTheField() {
        assertThatThrownBy(() -> VariantExpansion.expand(new ExperimentRequest("x", BASE, null, null, null, null, null, null), 10))
                .isInstanceOf(BadRequestException.class).extracting("field").isEqualTo("/variants");
        assertThatThrownBy(() -> VariantExpansion.expand(new ExperimentRequest("x", null, null, null, null, null, null, null), 10))
                .isInstanceOf(BadRequestException.class).extracting("field").isEqualTo("/base");
        assertThatThrownBy(() -> VariantExpansion.expand(variants(new ExperimentRequest.Variant("a", null),
                new ExperimentRequest.Variant("a", null)), 10))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("used twice").extracting("field").isEqualTo("/variants/1/name");
        assertThatThrownBy(() -> VariantExpansion.expand(variants(new ExperimentRequest.Variant("a", JSON.readTree("[1]"))), 10))
                .isInstanceOf(BadRequestException.class).extracting("field").isEqualTo("/variants/0/patch");
        assertThatThrownBy(() -> VariantExpansion.expand(grid(Map.of("/epochs", List.of())), 10))
                .isInstanceOf(BadRequestException.class).extracting("field").isEqualTo("/grid/0/values");
        assertThatThrownBy(() -> VariantExpansion.expand(grid(Map.of("optimizer..type", List.of(JSON.readTree("1")))), 10))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("not a field");
        Map<String, List<JsonNode>> big = new LinkedHashMap<>();
        big.put("/epochs", List.of(JSON.readTree("1"), JSON.readTree("2"), JSON.readTree("3")));
        big.put("/batchSize", List.of(JSON.readTree("1"), JSON.readTree("2"), JSON.readTree("3"), JSON.readTree("4")));
        assertThatThrownBy(() -> VariantExpansion.expand(grid(big), 10))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("more than 10 combinations");
    }
}
