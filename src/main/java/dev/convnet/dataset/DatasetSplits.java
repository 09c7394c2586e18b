package dev.convnet.dataset;

import java.util.Objects;

/** The train and test part of one dataset; the test part may be empty (count 0). */
public record DatasetSplits(ImageSet train, ImageSet test) {

    public DatasetSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (!train.shape().equals(test.shape()) || !train.classNames().equals(test.classNames())) {
            throw new IllegalArgumentException("train (" + train + ") and test (" + test
                    + ") must share image shape and class names");
        }
    }
}
