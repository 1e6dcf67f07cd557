package dev.brisk.server.recommend;

import dev.brisk.core.catalog.Catalog;
import dev.brisk.core.model.CandidateFilter;
import dev.brisk.core.model.ContentModel;
import dev.brisk.core.model.ImplicitAls;
import dev.brisk.core.model.ItemKnn;
import dev.brisk.core.model.ItemSimilarity;
import dev.brisk.core.model.Recommendation;
import dev.brisk.core.model.Recommender;
import dev.brisk.server.catalog.CatalogService;
import dev.brisk.server.training.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Item-to-item lists ("more like this"): from item-kNN's neighbours; for an item kNN knows too
 * little about, from ALS's factors; for an item nobody has interacted with yet, from its content.
 */
public final class SimilarItemsService {
    /** Asked in this order; the first with an answer wins. */
    private static final List<String> SOURCES = List.of(ItemKnn.TYPE, ImplicitAls.TYPE, ContentModel.TYPE);

    private final ModelRegistry models;
    private final CatalogService catalog;

    public SimilarItemsService(ModelRegistry models, CatalogService catalog) {
        this.models = models;
        this.catalog = catalog;
    }

    /** An item's similar items and the model that found them. */
    public record SimilarList(String itemId, String title, String model, String modelVersion,
                              List<ServedList.Entry> items) {
    }

    /** Empty when neither the catalog nor any model knows the item. */
    public Optional<SimilarList> similar(String itemId, int n) {
        Catalog items = catalog.current();
        CandidateFilter filter = id -> !id.equals(itemId) && items.isServable(id);
        boolean known = items.find(itemId).isPresent();
        for (String type : SOURCES) {
            Optional<Recommender> model = models.get(type);
            if (model.isEmpty() || !(model.get() instanceof ItemSimilarity similarity)) {
                continue;
            }
            List<Recommendation> found = similarity.similar(itemId, n, filter);
            if (!found.isEmpty()) {
                return Optional.of(new SimilarList(itemId, items.titleOf(itemId), type, model.get().info().version(),
                        entries(found, items)));
            }
        }
        return known ? Optional.of(new SimilarList(itemId, items.titleOf(itemId), null, null, List.of()))
                : Optional.empty();
    }

    private static List<ServedList.Entry> entries(List<Recommendation> found, Catalog items) {
        List<ServedList.Entry> out = new ArrayList<>(found.size());
        for (Recommendation r : found) {
            out.add(new ServedList.Entry(out.size() + 1, r.itemId(), items.titleOf(r.itemId()), items.genresOf(r.itemId()),
                    r.score(), r.explanation().text(), r.explanation().kind(), r.explanation().becauseOf()));
        }
        return out;
    }
}
