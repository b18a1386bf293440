package dev.notesbackup.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MotoServerTest {
    @Test
    void checkPython_namesWhatToInstall_whenPythonIsMissing() {
        assertThatThrownBy(() -> MotoServer.checkPython("/nonexistent/python3"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("moto server not found: install Python 3 and `pip install 'moto[server]'`")
                .hasMessageContaining("-Dmoto.python=")
                .hasMessageContaining("/nonexistent/python3");
    }

    @Test
    void checkPython_namesWhatToInstall_whenMotoCannotBeImported() {
        // 'false' runs and fails like a Python without moto would
        assertThatThrownBy(() -> MotoServer.checkPython("false"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(MotoServer.NOT_FOUND);
    }
}
