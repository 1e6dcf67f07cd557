package dev.brisk.client;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Supplier;

/** The entries of a paged listing, each page fetched only when the iteration reaches it. */
final class Pages {
    private Pages() {
    }

    /**
     * @param first fetches the first page
     * @param entries a page's entries
     * @param next fetches the page after the given one, or answers null after the last
     */
    static <P, T> Iterable<T> of(Supplier<P> first, Function<P, List<T>> entries, Function<P, P> next) {
        return () -> new Iterator<>() {
            private P page = first.get();
            private int index;

            @Override
            public boolean hasNext() {
                while (page != null && index >= entries.apply(page).size()) {
                    page = next.apply(page);
                    index = 0;
                }
                return page != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return entries.apply(page).get(index++);
            }
        };
    }
}
