package dev.convnet.web.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * One tag per name: controllers sharing a tag each describe their own part of it, and springdoc lists every
 * distinct (name, description) pair. The descriptions are joined.
 */
class UniqueTags implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getTags() == null) {
            return;
        }
        Map<String, Tag> byName = new LinkedHashMap<>();
        for (Tag tag : openApi.getTags()) {
            byName.merge(tag.getName(), tag, UniqueTags::joined);
        }
        openApi.setTags(new ArrayList<>(byName.values()));
    }

    private static Tag joined(Tag first, Tag second) {
        if (second.getDescription() == null || Objects.equals(first.getDescription(), second.getDescription())) {
            return first;
        }
        String description = first.getDescription() == null ? second.getDescription()
                : first.getDescription() + "; " + second.getDescription();
        return new Tag().name(first.getName()).description(description);
    }
}
