package dev.convnet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Helm's lint and template in-process through helm-java, in a class loader of its own. helm-java calls JNA 5
 * ({@code Native.load}); DL4J brings JNA 4.3 (through OSHI) onto the same class path, and the older one wins there.
 * This loader takes helm-java and JNA 5 (classes and native resources) from their own jars first, so that the
 * service keeps the JNA its engine was built with and the chart test gets the one helm-java needs.
 */
final class IsolatedHelm {

    private static final List<String> CHILD_FIRST = List.of("com.marcnuri.helm.", "com.sun.jna.");
    private static final List<String> CHILD_FIRST_RESOURCES = List.of("com/marcnuri/", "com/sun/jna/",
            "META-INF/services/com.marcnuri.", "helm-");
    private static final ClassLoader LOADER = createLoader();

    private IsolatedHelm() {
    }

    record Lint(boolean failed, List<String> messages) {
    }

    static Lint lintStrict(Path chart) {
        Object command = invoke(invoke(helm(chart), "lint"), "strict");
        Object result = invoke(command, "call");
        @SuppressWarnings("unchecked")
        List<String> messages = (List<String>) invoke(result, "getMessages");
        return new Lint((Boolean) invoke(result, "isFailed"), List.copyOf(messages));
    }

    /** {@code helm template <release> <chart> [-f values] [--set key=value ...]}; a failure is an IllegalStateException with Helm's message. */
    static String template(Path chart, String release, Path valuesFile, Map<String, String> sets) {
        Object command = invoke(invoke(helm(chart), "template"), "withName", release);
        command = invoke(command, "withNamespace", "convnet");
        if (valuesFile != null) {
            command = invoke(command, "withValuesFile", valuesFile);
        }
        for (Map.Entry<String, String> set : sets.entrySet()) {
            command = invoke(command, "set", set.getKey(), set.getValue());
        }
        return (String) invoke(command, "call");
    }

    private static Object helm(Path chart) {
        try {
            return LOADER.loadClass("com.marcnuri.helm.Helm").getConstructor(Path.class).newInstance(chart);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invoke(Object target, String name, Object... arguments) {
        Method method = findMethod(target.getClass(), name, arguments.length);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(LOADER); // helm-java finds its native binary with a ServiceLoader on this loader
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Method findMethod(Class<?> type, String name, int parameters) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == parameters && !method.isBridge()) {
                return method;
            }
        }
        throw new IllegalStateException(type.getName() + " has no public " + name + " with " + parameters + " parameters");
    }

    private static ClassLoader createLoader() {
        ClassLoader parent = IsolatedHelm.class.getClassLoader();
        Set<URL> jars = new LinkedHashSet<>();
        jars.addAll(jarsHolding(parent, "com/marcnuri/helm/Helm.class", ""));
        jars.addAll(jarsHolding(parent, "com/marcnuri/helm/jni/HelmLib.class", ""));
        jars.addAll(jarsHolding(parent, "META-INF/services/com.marcnuri.helm.jni.NativeLibrary", ""));
        jars.addAll(jarsHolding(parent, "com/sun/jna/Native.class", "jna-jpms"));
        jars.addAll(jarsHolding(parent, "com/sun/jna/platform/FileUtils.class", "jna-platform-jpms"));
        return new ChildFirstLoader(jars.toArray(URL[]::new), parent);
    }

    private static List<URL> jarsHolding(ClassLoader loader, String resource, String jarNameContains) {
        List<URL> jars = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources(resource))) {
                String text = url.toString();
                if (text.startsWith("jar:") && text.contains(jarNameContains)) {
                    jars.add(Path.of(new java.net.URI(text.substring(4, text.indexOf("!/")))).toUri().toURL());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("no jar" + (jarNameContains.isEmpty() ? "" : " named *" + jarNameContains + "*")
                    + " on the test class path holds " + resource);
        }
        return jars;
    }

    private static final class ChildFirstLoader extends URLClassLoader {

        ChildFirstLoader(URL[] urls, ClassLoader parent) {
            super("isolated-helm", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (CHILD_FIRST.stream().noneMatch(name::startsWith)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        public URL getResource(String name) {
            if (CHILD_FIRST_RESOURCES.stream().anyMatch(name::startsWith)) {
                URL own = findResource(name);
                if (own != null) {
                    return own;
                }
            }
            return super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (CHILD_FIRST_RESOURCES.stream().anyMatch(name::startsWith)) {
                return findResources(name);
            }
            return super.getResources(name);
        }
    }
}
