package io.qtj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** QObject.connect(sender, "signal(args)", receiver, "slot(args)"): Qt 4 style, for porting. */
@Timeout(20)
class QObjectStringConnectTest {
    public static class Slider extends QObject {
        public final Signal1<Integer> valueChanged = new Signal1<>(this);
        public final Signal2<Integer, String> labelled = new Signal2<>(this);
        public final Signal0 released = new Signal0(this);
    }

    public static class Display extends QObject {
        public final List<Object> got = new ArrayList<>();
        public final Signal1<Integer> relayed = new Signal1<>(this);

        public void setValue(int v) {
            got.add(v);
        }

        public void show(Integer v, String label) {
            got.add(label + "=" + v);
        }

        public void reset() {
            got.add("reset");
        }
    }

    @Test
    void connectsByNameWithQtAndJavaTypeNames() {
        Slider s = new Slider();
        Display d = new Display();
        assertTrue(QObject.connect(s, "valueChanged(int)", d, "setValue(int)").isConnected());
        assertTrue(QObject.connect(s, "labelled(int, const QString &)", d, "show(Integer,String)").isConnected());
        assertTrue(QObject.connect(s, "2labelled(int,QString)", d, "1setValue(int)").isConnected());
        assertTrue(QObject.connect(s, "released()", d, "reset()").isConnected());
        s.valueChanged.emit(5);
        s.labelled.emit(1, "x");
        s.released.emit();
        assertEquals(List.of(5, "x=1", 1, "reset"), d.got);
        s.dispose();
        d.dispose();
    }

    @Test
    void signalToSignalByName() {
        Slider s = new Slider();
        Display d = new Display();
        List<Integer> relayed = new ArrayList<>();
        d.relayed.connect(relayed::add);
        QObject.connect(s, "valueChanged(int)", d, "relayed(int)");
        s.valueChanged.emit(3);
        assertEquals(List.of(3), relayed);
        s.dispose();
        d.dispose();
    }

    @Test
    void missingOrMismatchedNamesAreNamedInTheError() {
        Slider s = new Slider();
        Display d = new Display();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QObject.connect(s, "valueChanged(QString)", d, "setValue(int)"));
        assertTrue(e.getMessage().contains("no such signal Slider::valueChanged(QString)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QObject.connect(s, "valueChanged(int)", d, "setVolume(int)"));
        assertTrue(e.getMessage().contains("no such slot Display::setVolume(int)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QObject.connect(s, "released()", d, "setValue(int)"));
        assertTrue(e.getMessage().contains("incompatible"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QObject.connect(s, "valueChanged", d, "setValue(int)"));
        s.dispose();
        d.dispose();
    }

    @Test
    void receiverDisposedEndsTheConnectionAndUniqueWorks() {
        Slider s = new Slider();
        Display d = new Display();
        QMetaObject.Connection c = QObject.connect(s, "valueChanged(int)", d, "setValue(int)", Qt.ConnectionType.UniqueConnection);
        assertFalse(QObject.connect(s, "valueChanged(int)", d, "setValue(int)", Qt.ConnectionType.UniqueConnection).isConnected());
        d.dispose();
        assertFalse(c.isConnected());
        s.dispose();
    }
}
