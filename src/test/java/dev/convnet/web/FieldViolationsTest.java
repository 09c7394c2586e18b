package dev.convnet.web;

import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.springframework.validation.FieldError;
import org.springframework.validation.MapBindingResult;

import static org.assertj.core.api.Assertions.assertThat;

class FieldViolationsTest {

    @Test
    void propertyPathsBecomeJsonPointers() {
        assertThat(FieldViolations.pointer("epochs")).isEqualTo("/epochs");
        assertThat(FieldViolations.pointer("optimizer.momentum")).isEqualTo("/optimizer/momentum");
        assertThat(FieldViolations.pointer("layers[0].units")).isEqualTo("/layers/0/units");
        assertThat(FieldViolations.pointer("inputs[2]")).isEqualTo("/inputs/2");
    }

    @Test
    void bodyViolationsAreSortedByFieldAndTheDetailNamesTheField() {
        MapBindingResult errors = new MapBindingResult(new HashMap<>(), "request");
        errors.addError(new FieldError("request", "schedule.stepEpochs", "must be in [1, 10000], got 0"));
        errors.addError(new FieldError("request", "epochs", "must be in [1, 10000], got 0"));

        assertThat(FieldViolations.ofBody(errors)).containsExactly(
                new FieldViolations.Violation("/epochs", "epochs must be in [1, 10000], got 0"),
                new FieldViolations.Violation("/schedule/stepEpochs", "schedule.stepEpochs must be in [1, 10000], got 0"));
    }
}
