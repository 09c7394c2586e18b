package dev.convnet.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Gathers an upload's labelled images into train and test {@link ImageSet}s of one shape. */
final class UploadedSplits {

    /** One image and the class folder it came from. */
    record Sample(String className, UploadedImageReader.Pixels pixels) {
    }

    private UploadedSplits() {
    }

    /** Keras's validation_split: per class, the first fraction of the files (by name) become the test split. */
    static List<Sample> holdOut(List<Sample> train, double fraction) {
        Map<String, List<Sample>> byClass = new TreeMap<>();
        for (Sample sample : train) {
            byClass.computeIfAbsent(sample.className(), name -> new ArrayList<>()).add(sample);
        }
        List<Sample> heldOut = new ArrayList<>();
        for (List<Sample> samples : byClass.values()) {
            int count = (int) (fraction * samples.size());
            heldOut.addAll(samples.subList(0, count));
        }
        Set<Sample> removed = Collections.newSetFromMap(new IdentityHashMap<>());
        removed.addAll(heldOut);
        train.removeIf(removed::contains);
        return heldOut;
    }

    /**
     * Both splits with the channels of the widest image: one when every image is grey, else three, grey
     * images repeated into red, green and blue.
     */
    static DatasetSplits of(List<Sample> train, List<Sample> test, List<String> classNames) {
        requireEveryClassInTraining(train, classNames);
        boolean allGrey = train.stream().allMatch(s -> s.pixels().channels() == 1)
                && test.stream().allMatch(s -> s.pixels().channels() == 1);
        UploadedImageReader.Pixels first = train.get(0).pixels();
        ImageShape shape = new ImageShape(first.height(), first.width(), allGrey ? 1 : 3);
        return new DatasetSplits(toImageSet(train, classNames, shape), toImageSet(test, classNames, shape));
    }

    private static void requireEveryClassInTraining(List<Sample> train, List<String> classNames) {
        Set<String> present = train.stream().map(Sample::className).collect(Collectors.toSet());
        for (String className : classNames) {
            if (!present.contains(className)) {
                throw new InvalidDatasetUploadException("validationSplit", null, "leaves class '" + className
                        + "' without training images");
            }
        }
    }

    private static ImageSet toImageSet(List<Sample> samples, List<String> classNames, ImageShape shape) {
        int imageSize = shape.size();
        byte[] pixels = new byte[samples.size() * imageSize];
        int[] labels = new int[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            UploadedImageReader.Pixels image = samples.get(i).pixels();
            byte[] bytes = shape.channels() == 3 ? UploadedImageReader.toRgb(image).bytes() : image.bytes();
            System.arraycopy(bytes, 0, pixels, i * imageSize, imageSize);
            labels[i] = Collections.binarySearch(classNames, samples.get(i).className());
        }
        return new ImageSet(samples.size(), shape.height(), shape.width(), shape.channels(), pixels, labels,
                classNames);
    }
}
