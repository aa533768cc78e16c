package dev.jqueue.bench.peers;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The exactly-once check every peer run ends with. */
class PeerNoopTest {

    @Test
    void tellsMissingAndRepeatedRunsApart() {
        PeerNoop.prepare(3);
        PeerNoop.run(0);
        PeerNoop.run(1);
        PeerNoop.run(1);
        assertThatThrownBy(() -> PeerNoop.verifyExactlyOnce(3)).hasMessageContaining("1 never ran, 1 ran more than once");

        PeerNoop.prepare(2);
        PeerNoop.run(1);
        PeerNoop.run(0);
        assertThatCode(() -> PeerNoop.verifyExactlyOnce(2)).doesNotThrowAnyException();
    }
}
