package org.payercrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every problem is kept and reported once, in the caller's exception. */
class ProblemsTest {

    @Test
    void nothingIsThrownWithoutAProblem() {
        new Problems().throwIfAny(list -> new IllegalArgumentException(String.join("; ", list)));
    }

    @Test
    void everyProblemIsThrownTogetherInTheOrderFound() {
        Problems problems = new Problems();
        problems.add("hook is required");
        problems.add("context is required");
        assertThatThrownBy(() -> problems.throwIfAny(list -> new IllegalStateException(String.join("; ", list))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("hook is required; context is required");
        assertThat(problems.messages()).isEqualTo(List.of("hook is required", "context is required"));
    }

    @Test
    void aCheckpointSaysWhetherThePartCheckedSinceHadAProblem() {
        Problems problems = new Problems();
        problems.add("hook is required");
        Problems.Checkpoint context = problems.checkpoint();
        assertThat(context.foundAny()).isFalse();
        problems.add("context.patientId is required");
        assertThat(context.foundAny()).isTrue();
    }
}
