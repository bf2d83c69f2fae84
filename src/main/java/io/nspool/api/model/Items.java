package io.nspool.api.model;

import java.util.List;

/** A list response: {@code {"items": [...]}}. */
public record Items<T>(List<T> items) {}
