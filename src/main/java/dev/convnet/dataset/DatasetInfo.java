package dev.convnet.dataset;

import java.util.List;

/**
 * What the catalogue tells about a dataset.
 *
 * @param available    whether its files are on this node now (a built-in dataset may still be downloadable)
 * @param downloadable whether it would be downloaded on first use (built-in, absent, downloads enabled)
 */
public record DatasetInfo(String name, DatasetSource source, String description, List<DatasetClass> classes,
                          ImageShape shape, int trainSize, int testSize, boolean available, boolean downloadable) {

    public DatasetInfo {
        classes = List.copyOf(classes);
    }

    public List<String> classNames() {
        return classes.stream().map(DatasetClass::name).toList();
    }
}
