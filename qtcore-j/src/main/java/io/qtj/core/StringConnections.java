package io.qtj.core;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Qt 4 style connections ({@code "valueChanged(int)"}, {@code "setValue(int)"}), resolved by
 * reflection once, at connect time, into an ordinary connection.
 */
final class StringConnections {
    /** Qt's C++ type names and their Java types. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("int", "Integer"), Map.entry("qint32", "Integer"), Map.entry("uint", "Integer"),
            Map.entry("quint16", "Integer"), Map.entry("qint16", "Short"), Map.entry("short", "Short"),
            Map.entry("bool", "Boolean"), Map.entry("boolean", "Boolean"),
            Map.entry("QString", "String"), Map.entry("qint64", "Long"), Map.entry("quint64", "Long"),
            Map.entry("qlonglong", "Long"), Map.entry("qulonglong", "Long"), Map.entry("quint32", "Long"),
            Map.entry("long", "Long"), Map.entry("qintptr", "Long"), Map.entry("double", "Double"),
            Map.entry("qreal", "Double"), Map.entry("float", "Float"), Map.entry("char", "Byte"),
            Map.entry("byte", "Byte"), Map.entry("QChar", "Character"), Map.entry("QObject*", "QObject"),
            Map.entry("QVariant", "Object"));

    private StringConnections() {
    }

    /** A parsed {@code name(type, ...)}. */
    private record Signature(String name, List<String> types) {
        @Override
        public String toString() {
            return name + "(" + String.join(",", types) + ")";
        }
    }

    /** The key UniqueConnection compares for a method slot. */
    private record MethodKey(Object receiver, Method method) {
        @Override
        public boolean equals(Object o) {
            return o instanceof MethodKey k && k.receiver == receiver && k.method.equals(method);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(receiver) * 31 + method.hashCode();
        }
    }

    static QMetaObject.Connection connect(QObject sender, String signal, QObject receiver, String slot,
                                          Qt.ConnectionType... type) {
        if (sender == null) {
            throw new IllegalArgumentException("sender: null (expected: a QObject)");
        }
        if (receiver == null) {
            throw new IllegalArgumentException("receiver: null (expected: a QObject)");
        }
        Signature sig = parse(signal, "signal");
        Signature sl = parse(slot, "slot");
        Field sigField = findSignal(sender.getClass(), sig);
        if (sigField == null) {
            throw new IllegalArgumentException("QObject.connect: no such signal " + sender.getClass().getSimpleName()
                    + "::" + sig + " (expected: a public SignalN field named " + sig.name() + " with "
                    + sig.types().size() + " argument(s) of those types)");
        }
        SignalBase source = read(sigField, sender);
        Field slotSignal = findSignal(receiver.getClass(), sl);
        if (slotSignal != null) {
            checkPrefix(sig, sl, signal, slot);
            SignalBase target = read(slotSignal, receiver);
            return source.connect(receiver, target, (a, b, c) -> target.activate(a, b, c), type);
        }
        Method m = findMethod(receiver.getClass(), sl);
        if (m == null) {
            throw new IllegalArgumentException("QObject.connect: no such slot " + receiver.getClass().getSimpleName()
                    + "::" + sl + " (expected: a public method named " + sl.name() + " taking "
                    + sl.types().size() + " argument(s) of those types)");
        }
        checkPrefix(sig, sl, signal, slot);
        int n = m.getParameterCount();
        return source.connect(receiver, new MethodKey(receiver, m), (a, b, c) -> {
            Object[] args = n == 0 ? new Object[0] : n == 1 ? new Object[]{a} : n == 2 ? new Object[]{a, b}
                    : new Object[]{a, b, c};
            try {
                m.invoke(receiver, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                throw (Error) cause;
            }
        }, type);
    }

    private static void checkPrefix(Signature sig, Signature sl, String signal, String slot) {
        if (sl.types().size() > sig.types().size()) {
            throw new IllegalArgumentException("QObject.connect: incompatible sender/receiver arguments " + signal
                    + " --> " + slot + " (expected: the slot takes at most the signal's arguments)");
        }
        for (int i = 0; i < sl.types().size(); i++) {
            if (!canonical(sl.types().get(i)).equals(canonical(sig.types().get(i)))) {
                throw new IllegalArgumentException("QObject.connect: incompatible sender/receiver arguments "
                        + signal + " --> " + slot + " (argument " + (i + 1) + ": " + sig.types().get(i) + " vs "
                        + sl.types().get(i) + ")");
            }
        }
    }

    private static Signature parse(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + ": null (expected: \"name(type,...)\")");
        }
        String s = text.strip();
        if (!s.isEmpty() && (s.charAt(0) == '1' || s.charAt(0) == '2')) {
            s = s.substring(1);   // SIGNAL()/SLOT() macro codes, as Qt 4 produced them
        }
        int open = s.indexOf('(');
        int close = s.lastIndexOf(')');
        if (open <= 0 || close != s.length() - 1) {
            throw new IllegalArgumentException(what + ": \"" + text + "\" (expected: \"name(type,...)\")");
        }
        String name = s.substring(0, open).strip();
        String inner = s.substring(open + 1, close).strip();
        List<String> types = new ArrayList<>();
        if (!inner.isEmpty() && !inner.equals("void")) {
            for (String t : inner.split(",")) {
                String n = normalize(t);
                if (n.isEmpty()) {
                    throw new IllegalArgumentException(what + ": \"" + text + "\" has an empty argument type");
                }
                types.add(n);
            }
        }
        return new Signature(name, types);
    }

    /** Drops const, references and spaces, as Qt's QMetaObject::normalizedSignature. */
    private static String normalize(String t) {
        String n = t.strip().replace("const ", "").replace("&", "").replace(" ", "");
        if (n.startsWith("QAbstractSocket::") || n.startsWith("QTcpServer::")) {
            n = n.substring(n.lastIndexOf(':') + 1);
        }
        return n;
    }

    private static String canonical(String name) {
        String simple = name.substring(name.lastIndexOf('.') + 1);
        simple = simple.substring(simple.lastIndexOf('$') + 1);
        String alias = ALIASES.get(name);
        if (alias != null) {
            return alias;
        }
        if (simple.endsWith("*")) {
            simple = simple.substring(0, simple.length() - 1);
        }
        return switch (simple) {
            case "int" -> "Integer";
            case "boolean" -> "Boolean";
            case "long" -> "Long";
            case "double" -> "Double";
            case "float" -> "Float";
            case "short" -> "Short";
            case "byte" -> "Byte";
            case "char" -> "Character";
            default -> simple;
        };
    }

    private static Field findSignal(Class<?> cls, Signature sig) {
        Field f;
        try {
            f = cls.getField(sig.name());
        } catch (NoSuchFieldException e) {
            return null;
        }
        int arity = arity(f.getType());
        if (arity != sig.types().size()) {
            return null;
        }
        Type g = f.getGenericType();
        if (g instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Class<?> c && !canonical(c.getName()).equals(canonical(sig.types().get(i)))) {
                    return null;
                }
            }
        }
        return f;
    }

    private static int arity(Class<?> type) {
        if (type == Signal0.class) {
            return 0;
        } else if (type == Signal1.class) {
            return 1;
        } else if (type == Signal2.class) {
            return 2;
        } else if (type == Signal3.class) {
            return 3;
        }
        return -1;
    }

    private static SignalBase read(Field f, Object owner) {
        try {
            return (SignalBase) Objects.requireNonNull(f.get(owner), f.getName());
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("QObject.connect: signal " + f.getName() + " is not accessible: " + e, e);
        }
    }

    private static Method findMethod(Class<?> cls, Signature sl) {
        for (Method m : cls.getMethods()) {
            if (!m.getName().equals(sl.name()) || m.getParameterCount() != sl.types().size()
                    || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Class<?>[] p = m.getParameterTypes();
            boolean match = true;
            for (int i = 0; i < p.length && match; i++) {
                match = canonical(p[i].getName()).equals(canonical(sl.types().get(i)));
            }
            if (match) {
                m.trySetAccessible();
                return m;
            }
        }
        return null;
    }
}
