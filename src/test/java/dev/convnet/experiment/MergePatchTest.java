package dev.convnet.experiment;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples of RFC 7386, appendix A, and that neither argument is changed. */
class MergePatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "{\"a\":\"b\"}; {\"a\":\"c\"}; {\"a\":\"c\"}",
            "{\"a\":\"b\"}; {\"b\":\"c\"}; {\"a\":\"b\",\"b\":\"c\"}",
            "{\"a\":\"b\"}; {\"a\":null}; {}",
            "{\"a\":\"b\",\"b\":\"c\"}; {\"a\":null}; {\"b\":\"c\"}",
            "{\"a\":[\"b\"]}; {\"a\":\"c\"}; {\"a\":\"c\"}",
            "{\"a\":\"c\"}; {\"a\":[\"b\"]}; {\"a\":[\"b\"]}",
            "{\"a\":{\"b\":\"c\"}}; {\"a\":{\"b\":\"d\",\"c\":null}}; {\"a\":{\"b\":\"d\"}}",
            "{\"a\":[{\"b\":\"c\"}]}; {\"a\":[1]}; {\"a\":[1]}",
            "[\"a\",\"b\"]; [\"c\",\"d\"]; [\"c\",\"d\"]",
            "{\"a\":\"b\"}; [\"c\"]; [\"c\"]",
            "{\"a\":\"foo\"}; null; null",
            "{\"a\":\"foo\"}; \"bar\"; \"bar\"",
            "{\"e\":null}; {\"a\":1}; {\"e\":null,\"a\":1}",
            "[1,2]; {\"a\":\"b\",\"c\":null}; {\"a\":\"b\"}",
            "{}; {\"a\":{\"bb\":{\"ccc\":null}}}; {\"a\":{\"bb\":{}}}"})
    void appliesTheRfcExamples(String target, String patch, String expected) {
        JsonNode original = JSON.readTree(target);
        JsonNode patchNode = JSON.readTree(patch);
        JsonNode result = MergePatch.apply(original, patchNode);
        assertThat(result).isEqualTo(JSON.readTree(expected));
        assertThat(original).isEqualTo(JSON.readTree(target));
        assertThat(patchNode).isEqualTo(JSON.readTree(patch));
    }

    @org.junit.jupiter.api.Test
    void mergesIntoNestedJobFieldsKeepingTheirSiblings() {
        JsonNode base = JSON.readTree("{\"dataset\":\"mnist\",\"optimizer\":{\"type\":\"sgd\",\"learningRate\":0.01,\"momentum\":0.9}}");
        JsonNode result = MergePatch.apply(base, JSON.readTree("{\"optimizer\":{\"type\":\"adam\",\"momentum\":null}}"));
        assertThat(result).isEqualTo(JSON.readTree("{\"dataset\":\"mnist\",\"optimizer\":{\"type\":\"adam\",\"learningRate\":0.01}}"));
    }
}
