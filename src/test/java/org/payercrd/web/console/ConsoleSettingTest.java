package org.payercrd.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.payercrd.CrdProperties.Auth;
import org.payercrd.CrdProperties.Console;

/** {@code crd.console.enabled}: unset follows auth (on without it, off with it); set, it wins either way. */
class ConsoleSettingTest {

    private static Auth auth(boolean required) {
        return new Auth(required, null, false, List.of(), Duration.ofSeconds(30), Duration.ofMinutes(5), null);
    }

    @Test
    void unsetTheConsoleIsOnWithoutAuthAndOffWithIt() {
        assertThat(new Console(null).enabledWhen(auth(false))).isTrue();
        assertThat(new Console(null).enabledWhen(auth(true))).isFalse();
    }

    @Test
    void setExplicitlyItWins() {
        assertThat(new Console(true).enabledWhen(auth(true))).isTrue();
        assertThat(new Console(false).enabledWhen(auth(false))).isFalse();
    }
}
