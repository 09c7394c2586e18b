package dev.convnet.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the catalogue tells about a dataset.
 *
 * @param available    whether its files are on this node now (a built-in dataset may still be downloadable)
 * @param downloadable whether it would be downloaded on first use (built-in, absent, downloads enabled)
 * @param problem      why a stored dataset cannot be used (its metadata is damaged), absent when it can
 */
public record DatasetInfo(String name, DatasetSource source, String description, List<DatasetClass> classes,
                          ImageShape shape, int trainSize, int testSize, boolean available, boolean downloadable,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {

    public DatasetInfo {
        classes = List.copyOf(classes);
    }

    /** A dataset that exists but cannot be read: listed as unavailable, with the reason. */
    public static DatasetInfo unusable(String name, DatasetSource source, String problem) {
        return new DatasetInfo(name, source, "cannot be used; see problem", List.of(), null, 0, 0, false, false, problem);
    }

    public List<String> classNames() {
        return classes.stream().map(DatasetClass::name).toList();
    }
}
