package dev.brisk.core.data;

import dev.brisk.core.catalog.Item;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic catalog and interaction history with structure a recommender can learn.
 *
 * <p>The model behind the data:
 * <ul>
 *   <li>Twelve latent taste clusters, each tied to two or three genres. Every item belongs to one
 *       cluster (about 15% also belong weakly to a second) and draws its genres mostly from its
 *       cluster's genres, so genres are a visible but noisy proxy of the latent cluster.</li>
 *   <li>Item popularity is Zipf-like (exponent {@value #ZIPF_EXPONENT}) by rank within each cluster; the global
 *       popularity is the mixture of the clusters weighted by how popular each cluster is, so it is
 *       a power law across the whole catalog too.</li>
 *   <li>Within a cluster, items fall into small topics ({@value #MIN_TOPIC} to {@value #MAX_TOPIC}
 *       items: a series, a sub-genre, a product line). Within a session, after viewing an item a user
 *       often ({@value #FOLLOW_TOPIC_SHARE} of the time) goes on to another item of its topic, so a
 *       session is a run of related items close in time, as in retail and media sessions.</li>
 *   <li>Each user has a primary cluster and usually a secondary one whose share grows over time
 *       (slow drift). Each session focuses on one of the user's clusters; about 80% of the items a
 *       user looks at come from that cluster (popularity weighted), the rest from global
 *       popularity.</li>
 *   <li>User activity is a power law too (a few heavy users, many light ones); every user gets at
 *       least {@code min(10, events / users)} events.</li>
 *   <li>Sessions hold 2 to 15 events seconds to minutes apart, and sessions are hours to days
 *       apart. Within a session: some impressions, mostly views, and after a view sometimes a click,
 *       then add-to-cart and rarely a purchase, a rating (high when the item suits the user's taste,
 *       low otherwise), a like or a dislike (mostly of items outside the user's taste). A user
 *       rarely views the same item again.</li>
 *   <li>Items are created over time (ids {@code i1..iN} in creation order); about 15% appear during
 *       the event window, a few within the last three days, and no event predates its item.</li>
 * </ul>
 *
 * <p>The output depends only on the {@link Config}: the same config gives identical data (no wall
 * clock, no shared random source). Exactly {@code config.events()} events are produced.
 */
public final class DemoDataGenerator {

    /**
     * What to generate. {@code days} is the length of the event window, which ends at
     * {@code endMillis} (epoch milliseconds). {@code events} must be at least {@code users}.
     */
    public record Config(long seed, int items, int users, int events, int days, long endMillis) {

        public Config {
            if (items < 1) {
                throw new IllegalArgumentException("items must be at least 1, got " + items);
            }
            if (users < 1) {
                throw new IllegalArgumentException("users must be at least 1, got " + users);
            }
            if (events < users) {
                throw new IllegalArgumentException(
                        "events must be at least users (" + users + ") so every user has one, got " + events);
            }
            if (days < 1) {
                throw new IllegalArgumentException("days must be at least 1, got " + days);
            }
            if (endMillis - days * DAY < 0) {
                throw new IllegalArgumentException("endMillis is too early for a window of " + days + " days");
            }
        }

        /** The product's demo data set: 1,200 items, 500 users, 50,000 events over six weeks. */
        public static Config demo(long endMillis) {
            return new Config(42, 1200, 500, 50_000, 42, endMillis);
        }
    }

    /** Every event the generator makes has this source. */
    public static final String SOURCE = "demo";

    /** The genres items are labelled with. */
    public static final List<String> GENRES = List.of("Action", "Adventure", "Animation", "Comedy", "Crime",
            "Documentary", "Drama", "Family", "Fantasy", "History", "Horror", "Music", "Mystery", "Romance",
            "Sci-Fi", "Thriller", "War", "Western");

    static final long SECOND = 1000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    /** Longest gap between two events of one session; sessions are placed with this much room per event. */
    static final long MAX_IN_SESSION_GAP = 4 * MINUTE;
    /** Exponent of the Zipf law of item popularity by rank within a cluster. */
    static final double ZIPF_EXPONENT = 1.15;
    static final int MIN_SESSION = 2;
    static final int MIN_TOPIC = 4;
    static final int MAX_TOPIC = 12;
    /** How often the next view of a session stays in the topic of the item just viewed. */
    static final double FOLLOW_TOPIC_SHARE = 0.45;
    static final int MAX_SESSION = 15;

    private static final int IMPRESSION = EventType.IMPRESSION.ordinal();
    private static final int VIEW = EventType.VIEW.ordinal();
    private static final int CLICK = EventType.CLICK.ordinal();
    private static final int ADD_TO_CART = EventType.ADD_TO_CART.ordinal();
    private static final int PURCHASE = EventType.PURCHASE.ordinal();
    private static final int RATING = EventType.RATING.ordinal();
    private static final int LIKE = EventType.LIKE.ordinal();
    private static final int DISLIKE = EventType.DISLIKE.ordinal();
    private static final EventType[] TYPES = EventType.builtIns().toArray(new EventType[0]);

    /** A taste cluster: its genres (most typical first) and words that flavour its titles. */
    private record Theme(String[] genres, String[] adjectives, String[] nouns) {
    }

    private static final Theme[] THEMES = {
        new Theme(new String[] {"Action", "Adventure", "Sci-Fi"},
                new String[] {"Rogue", "Lethal", "Rapid", "Steel", "Critical", "Maximum"},
                new String[] {"Protocol", "Strike", "Vendetta", "Extraction", "Impact", "Velocity", "Payload", "Override"}),
        new Theme(new String[] {"Animation", "Family", "Comedy"},
                new String[] {"Tiny", "Magic", "Happy", "Brave", "Fluffy", "Silly"},
                new String[] {"Dragon", "Penguin", "Treehouse", "Adventure", "Robot", "Balloon", "Friends", "Kitten"}),
        new Theme(new String[] {"Romance", "Drama"},
                new String[] {"Tender", "Second", "Unspoken", "Falling", "Sweet", "Lonely"},
                new String[] {"Kiss", "Wedding", "Letters", "Affair", "Summer", "Vow", "Heartbeat", "Serenade"}),
        new Theme(new String[] {"Horror", "Thriller"},
                new String[] {"Cursed", "Rotting", "Bleeding", "Haunted", "Unholy", "Wicked"},
                new String[] {"Cellar", "Whisper", "Ritual", "Asylum", "Hollow", "Possession", "Scream", "Crypt"}),
        new Theme(new String[] {"Crime", "Thriller", "Mystery"},
                new String[] {"Dirty", "Crooked", "Cold", "Deadly", "Double", "Silent"},
                new String[] {"Heist", "Alibi", "Verdict", "Informant", "Syndicate", "Motive", "Precinct", "Ransom"}),
        new Theme(new String[] {"Documentary", "History"},
                new String[] {"Untold", "True", "Great", "Ancient", "Hidden", "Human"},
                new String[] {"Story", "Revolution", "Chronicles", "Planet", "Odyssey", "Inquiry", "Record", "Archive"}),
        new Theme(new String[] {"Fantasy", "Adventure"},
                new String[] {"Enchanted", "Elder", "Sorcerer's", "Twilight", "Ember", "Runic"},
                new String[] {"Realm", "Sword", "Throne", "Prophecy", "Quest", "Grimoire", "Wyvern", "Citadel"}),
        new Theme(new String[] {"War", "History", "Drama"},
                new String[] {"Bloody", "Last", "Valiant", "Burning", "Grey", "Forgotten"},
                new String[] {"Battalion", "Trench", "Front", "Siege", "Regiment", "Armistice", "Flag", "Beachhead"}),
        new Theme(new String[] {"Western", "Action"},
                new String[] {"Dusty", "Lone", "Outlaw", "Wild", "Painted", "High"},
                new String[] {"Rider", "Gulch", "Mesa", "Sheriff", "Saddle", "Gunslinger", "Prairie", "Stagecoach"}),
        new Theme(new String[] {"Music", "Comedy", "Romance"},
                new String[] {"Loud", "Electric", "Funky", "Golden", "Velvet", "Off-Key"},
                new String[] {"Ballad", "Encore", "Groove", "Melody", "Tour", "Chorus", "Jukebox", "Rhapsody"}),
        new Theme(new String[] {"Sci-Fi", "Mystery"},
                new String[] {"Quantum", "Synthetic", "Orbital", "Neural", "Binary", "Distant"},
                new String[] {"Nebula", "Paradox", "Orbit", "Singularity", "Signal", "Android", "Colony", "Anomaly"}),
        new Theme(new String[] {"Comedy", "Drama"},
                new String[] {"Awkward", "Ordinary", "Little", "Modern", "Accidental", "Suburban"},
                new String[] {"Family", "Roommates", "Weekend", "Neighbors", "Diner", "Reunion", "Holiday", "Office"}),
    };

    private static final String[] ADJECTIVES = {"Silent", "Crimson", "Hidden", "Last", "Broken", "Golden",
        "Midnight", "Frozen", "Wild", "Lost", "Electric", "Hollow", "Secret", "Burning", "Distant", "Iron",
        "Velvet", "Savage", "Quiet", "Final", "Eternal", "Shattered", "Restless", "Forgotten", "Northern",
        "Bitter", "Brave", "Endless", "Fallen", "Scarlet", "Paper", "Glass", "Winter", "Summer", "Little",
        "Lucky", "Wandering", "Perfect", "Invisible", "Borrowed"};
    private static final String[] NOUNS = {"Harbor", "Garden", "Empire", "Horizon", "River", "Kingdom", "Signal",
        "Frontier", "Witness", "Mirror", "Storm", "Promise", "Orchard", "Covenant", "Lighthouse", "Voyage",
        "Station", "Legacy", "Shadow", "Canyon", "Letter", "Island", "Road", "Heart", "Crown", "Bridge", "Season",
        "Line", "House", "Tide", "Door", "Engine", "Compass", "Dream", "Fire", "Stranger", "Hour", "Game",
        "Winter", "Journey"};
    private static final String[] PLACES = {"Avalon", "Tangier", "Eldermoor", "Lisbon", "Kyoto", "Brooklyn",
        "Marrakesh", "the North", "the Deep", "Tomorrow", "Ashes", "Silver Creek", "Red Hollow", "Santa Fe",
        "the Lost Coast", "Vienna", "Paris", "the Valley"};
    private static final String[] NAMES = {"Marlowe", "Ada", "Jonah", "Esme", "Calloway", "Nina", "Ruben", "Theo",
        "Margot", "Ivy", "Sullivan", "Odile", "Felix", "Rosa"};
    private static final String[] SEQUELS = {" 2", " 2", " 3", " II", ": Reloaded", ": Part Two"};
    private static final String[] LANGUAGES = {"en", "fr", "es", "de", "ja", "ko", "it", "hi", "sv"};
    private static final double[] LANGUAGE_CUMULATIVE = cumulative(
            new double[] {60, 8, 8, 5, 6, 5, 3, 3, 2});

    /** Generates the data for {@code config}; the same config always gives the same data. */
    public DemoData generate(Config config) {
        return new Run(config).run();
    }

    /** The state of one generation. */
    private static final class Run {
        private final Config config;
        private final long windowStart;
        private final long windowEnd;
        private final int clusters = THEMES.length;

        // Items.
        private int[] itemCluster;
        private int[] itemCluster2;
        private long[] createdAt;
        private double[] quality;
        private String[] itemIds;
        private boolean[] nonEmptyCluster;
        private int[][] clusterItems;
        private double[][] clusterCumulative;
        private double[] globalCumulative;
        private int[] backlistItems;
        private double[] backlistCumulative;
        private double[] clusterPopularity;
        private double[] itemPopularity;
        private int[] itemTopic;
        private int[][] topicItems;
        private double[][] topicCumulative;

        // Events, in generation order.
        private long[] eventTime;
        private int[] eventUser;
        private int[] eventItem;
        private byte[] eventType;
        private float[] eventRating;
        private int[] eventSession;
        private int eventCount;
        private final List<String> sessionIds = new ArrayList<>();

        Run(Config config) {
            this.config = config;
            this.windowEnd = config.endMillis();
            this.windowStart = config.endMillis() - config.days() * DAY;
        }

        DemoData run() {
            SplittableRandom root = new SplittableRandom(config.seed());
            SplittableRandom itemRandom = root.split();
            SplittableRandom userRandom = root.split();
            SplittableRandom topicRandom = root.split();
            List<Item> items = makeItems(itemRandom);
            makeTopics(topicRandom);
            makeEvents(userRandom);
            return new DemoData(items, sortedEvents());
        }

        // ---------------------------------------------------------------- items

        private List<Item> makeItems(SplittableRandom random) {
            int n = config.items();
            itemCluster = new int[n];
            itemCluster2 = new int[n];
            createdAt = new long[n];
            quality = new double[n];
            itemIds = new String[n];

            double[] clusterSize = new double[clusters];
            clusterPopularity = new double[clusters];
            for (int c = 0; c < clusters; c++) {
                clusterSize[c] = 0.6 + 0.8 * random.nextDouble();
                clusterPopularity[c] = 0.3 + 1.4 * random.nextDouble();
            }
            double[] sizeCumulative = cumulative(clusterSize);
            int[] members = new int[clusters];
            for (int i = 0; i < n; i++) {
                int c = sample(sizeCumulative, random);
                itemCluster[i] = c;
                members[c]++;
                itemCluster2[i] = -1;
                if (random.nextDouble() < 0.15) {
                    int other = random.nextInt(clusters - 1);
                    itemCluster2[i] = other >= c ? other + 1 : other;
                }
                quality[i] = 0.35 * random.nextGaussian();
            }
            nonEmptyCluster = new boolean[clusters];
            for (int c = 0; c < clusters; c++) {
                nonEmptyCluster[c] = members[c] > 0;
            }

            // Zipf by rank within each cluster, ranks in random order.
            double[] rankWeight = new double[n];
            double[] clusterTotal = new double[clusters];
            int[][] byCluster = new int[clusters][];
            for (int c = 0; c < clusters; c++) {
                byCluster[c] = new int[members[c]];
            }
            int[] fill = new int[clusters];
            for (int i = 0; i < n; i++) {
                byCluster[itemCluster[i]][fill[itemCluster[i]]++] = i;
            }
            for (int c = 0; c < clusters; c++) {
                int[] order = byCluster[c].clone();
                shuffle(order, random);
                for (int rank = 0; rank < order.length; rank++) {
                    rankWeight[order[rank]] = Math.pow(rank + 1, -ZIPF_EXPONENT);
                    clusterTotal[c] += rankWeight[order[rank]];
                }
            }
            double[] global = new double[n];
            for (int i = 0; i < n; i++) {
                int c = itemCluster[i];
                global[i] = clusterPopularity[c] * rankWeight[i] / clusterTotal[c];
            }
            globalCumulative = cumulative(global);
            itemPopularity = global;

            // Per-cluster sampling: the cluster's own items plus weak members from other clusters.
            clusterItems = new int[clusters][];
            clusterCumulative = new double[clusters][];
            for (int c = 0; c < clusters; c++) {
                List<Integer> list = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (itemCluster[i] == c || itemCluster2[i] == c) {
                        list.add(i);
                    }
                }
                int[] ids = list.stream().mapToInt(Integer::intValue).toArray();
                double[] weights = new double[ids.length];
                for (int k = 0; k < ids.length; k++) {
                    weights[k] = rankWeight[ids[k]] * (itemCluster[ids[k]] == c ? 1.0 : 0.4);
                }
                clusterItems[c] = ids;
                clusterCumulative[c] = cumulative(weights);
            }

            assignCreationTimes(random);

            int oldCount = 0;
            for (int i = 0; i < n; i++) {
                if (createdAt[i] <= windowStart) {
                    oldCount++;
                }
            }
            backlistItems = new int[oldCount];
            double[] backlistWeights = new double[oldCount];
            for (int i = 0, k = 0; i < n; i++) {
                if (createdAt[i] <= windowStart) {
                    backlistItems[k] = i;
                    backlistWeights[k++] = global[i];
                }
            }
            backlistCumulative = cumulative(backlistWeights);

            return describeItems(random);
        }

        /**
         * Cuts each cluster's own items, in random order, into topics; within a topic an item is
         * drawn by its popularity.
         */
        private void makeTopics(SplittableRandom random) {
            int n = config.items();
            itemTopic = new int[n];
            List<int[]> topics = new ArrayList<>();
            for (int c = 0; c < clusters; c++) {
                List<Integer> own = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (itemCluster[i] == c) {
                        own.add(i);
                    }
                }
                int[] members = own.stream().mapToInt(Integer::intValue).toArray();
                shuffle(members, random);
                for (int from = 0; from < members.length; ) {
                    int size = MIN_TOPIC + random.nextInt(MAX_TOPIC - MIN_TOPIC + 1);
                    int to = Math.min(members.length, from + size);
                    for (int k = from; k < to; k++) {
                        itemTopic[members[k]] = topics.size();
                    }
                    topics.add(Arrays.copyOfRange(members, from, to));
                    from = to;
                }
            }
            topicItems = topics.toArray(new int[0][]);
            topicCumulative = new double[topicItems.length][];
            for (int t = 0; t < topicItems.length; t++) {
                double[] weights = new double[topicItems[t].length];
                for (int k = 0; k < weights.length; k++) {
                    weights[k] = itemPopularity[topicItems[t][k]];
                }
                topicCumulative[t] = cumulative(weights);
            }
        }

        /** 85% of items exist before the window, 12% appear during it, 3% in its last three days. */
        private void assignCreationTimes(SplittableRandom random) {
            int n = config.items();
            int recent = n >= 20 ? Math.max(1, (int) Math.round(n * 0.03)) : 0;
            int during = (int) Math.round(n * 0.12);
            int old = n - recent - during;
            long span = windowEnd - windowStart;
            long recentFrom = windowEnd - Math.min(3 * DAY, span / 2);
            long[] times = new long[n];
            for (int k = 0; k < n; k++) {
                if (k < old) {
                    times[k] = Math.max(0, windowStart - (long) (random.nextDouble() * 730 * DAY));
                } else if (k < old + during) {
                    times[k] = windowStart + (long) (random.nextDouble() * (recentFrom - windowStart));
                } else {
                    times[k] = recentFrom + (long) (random.nextDouble() * (windowEnd - HOUR - recentFrom));
                }
            }
            Arrays.sort(times);
            // Ids follow creation order; item k (0-based) is "i(k+1)".
            System.arraycopy(times, 0, createdAt, 0, n);
            for (int i = 0; i < n; i++) {
                itemIds[i] = "i" + (i + 1);
            }
        }

        private List<Item> describeItems(SplittableRandom random) {
            int n = config.items();
            int endYear = Instant.ofEpochMilli(windowEnd).atZone(ZoneOffset.UTC).getYear();
            Set<String> usedTitles = new HashSet<>();
            List<Item> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Theme theme = THEMES[itemCluster[i]];
                String title = null;
                for (int attempt = 0; attempt < 4 && (title == null || usedTitles.contains(title)); attempt++) {
                    title = title(theme, random);
                }
                if (usedTitles.contains(title)) {
                    String base = title;
                    for (int k = 2; usedTitles.contains(title); k++) {
                        title = base + " " + k;
                    }
                }
                usedTitles.add(title);

                List<String> genres = genres(i, random);
                int createdYear = Instant.ofEpochMilli(createdAt[i]).atZone(ZoneOffset.UTC).getYear();
                int year = createdAt[i] > windowStart
                        ? createdYear
                        : Math.max(1950, Math.min(createdYear, endYear - 1 - (int) Math.abs(random.nextGaussian() * 14)));
                int runtime = genres.get(0).equals("Animation") ? 80 + random.nextInt(25)
                        : genres.get(0).equals("Documentary") ? 55 + random.nextInt(60)
                        : 85 + random.nextInt(75);
                Map<String, String> properties = new LinkedHashMap<>();
                properties.put("year", Integer.toString(year));
                properties.put("language", LANGUAGES[sample(LANGUAGE_CUMULATIVE, random)]);
                properties.put("runtime_minutes", Integer.toString(runtime));
                items.add(new Item(itemIds[i], title, genres, properties, createdAt[i], true));
            }
            return items;
        }

        private static String title(Theme theme, SplittableRandom random) {
            String title;
            double pattern = random.nextDouble();
            if (pattern < 0.25) {
                title = "The " + adjective(theme, random) + " " + noun(theme, random);
            } else if (pattern < 0.45) {
                title = adjective(theme, random) + " " + noun(theme, random);
            } else if (pattern < 0.55) {
                title = "The " + noun(theme, random);
            } else if (pattern < 0.70) {
                title = noun(theme, random) + " of " + pick(PLACES, random);
            } else if (pattern < 0.80) {
                title = pick(NAMES, random) + "'s " + noun(theme, random);
            } else if (pattern < 0.90) {
                String noun = noun(theme, random);
                title = (startsWithVowel(noun) ? "An " : "A ") + noun + " in " + pick(PLACES, random);
            } else {
                String first = noun(theme, random);
                String second = pick(NOUNS, random);
                title = first.equals(second) ? "The " + first : first + " & " + second;
            }
            if (random.nextDouble() < 0.07) {
                title += pick(SEQUELS, random);
            }
            return title;
        }

        private static boolean startsWithVowel(String word) {
            return "AEIOU".indexOf(word.charAt(0)) >= 0;
        }

        private static String adjective(Theme theme, SplittableRandom random) {
            return random.nextDouble() < 0.5 ? pick(theme.adjectives(), random) : pick(ADJECTIVES, random);
        }

        private static String noun(Theme theme, SplittableRandom random) {
            return random.nextDouble() < 0.55 ? pick(theme.nouns(), random) : pick(NOUNS, random);
        }

        /** One to three genres, drawn mostly from the item's cluster (and its weak second cluster). */
        private List<String> genres(int item, SplittableRandom random) {
            String[] own = THEMES[itemCluster[item]].genres();
            double u = random.nextDouble();
            int count = u < 0.3 ? 1 : u < 0.75 ? 2 : 3;
            List<String> genres = new ArrayList<>(count);
            // The first genre leans to the cluster's most typical one.
            genres.add(random.nextDouble() < 0.6 ? own[0] : own[random.nextInt(own.length)]);
            if (itemCluster2[item] >= 0 && count > 1) {
                String[] other = THEMES[itemCluster2[item]].genres();
                addDistinct(genres, other[random.nextInt(other.length)]);
            }
            for (int attempt = 0; genres.size() < count && attempt < 10; attempt++) {
                String g = random.nextDouble() < 0.8 ? own[random.nextInt(own.length)]
                        : GENRES.get(random.nextInt(GENRES.size()));
                addDistinct(genres, g);
            }
            return genres;
        }

        private static void addDistinct(List<String> genres, String genre) {
            if (!genres.contains(genre)) {
                genres.add(genre);
            }
        }

        // ---------------------------------------------------------------- users and events

        private void makeEvents(SplittableRandom random) {
            int total = config.events();
            eventTime = new long[total];
            eventUser = new int[total];
            eventItem = new int[total];
            eventType = new byte[total];
            eventRating = new float[total];
            eventSession = new int[total];

            int[] counts = activity(random);
            double[] userClusterCumulative = new double[clusters];
            Int2IntOpenHashMap seen = new Int2IntOpenHashMap();
            for (int u = 0; u < config.users(); u++) {
                SplittableRandom userRandom = random.split();
                seen.clear();
                new UserRun(u, counts[u], userRandom, seen, userClusterCumulative).run();
            }
            if (eventCount != total) {
                throw new IllegalStateException("generated " + eventCount + " events instead of " + total);
            }
        }

        /** Events per user: a floor for everyone plus a power-law share of the rest; sums to exactly events. */
        private int[] activity(SplittableRandom random) {
            int users = config.users();
            int floor = Math.min(10, config.events() / users);
            long extra = config.events() - (long) floor * users;
            int[] ranks = new int[users];
            for (int u = 0; u < users; u++) {
                ranks[u] = u;
            }
            shuffle(ranks, random);
            double[] weights = new double[users];
            double sum = 0;
            for (int u = 0; u < users; u++) {
                weights[u] = Math.pow(ranks[u] + 15, -1.05);
                sum += weights[u];
            }
            int[] counts = new int[users];
            long assigned = 0;
            for (int u = 0; u < users; u++) {
                int share = (int) Math.floor(extra * weights[u] / sum);
                counts[u] = floor + share;
                assigned += share;
            }
            double[] cumulativeWeights = cumulative(weights);
            for (long left = extra - assigned; left > 0; left--) {
                counts[sample(cumulativeWeights, random)]++;
            }
            return counts;
        }

        /** One user's whole history. */
        private final class UserRun {
            private final int user;
            private final int count;
            private final SplittableRandom random;
            private final Int2IntOpenHashMap seen;
            private final String userId;
            private final int primary;
            private final int secondary;
            private final double secondaryShareStart;
            private final double secondaryShareEnd;
            private final double tasteShare;
            private final double ratingBias;
            private int lastViewed = -1;
            private final int[] impressed = new int[3];
            private int impressedCount;

            UserRun(int user, int count, SplittableRandom random, Int2IntOpenHashMap seen, double[] scratch) {
                this.user = user;
                this.count = count;
                this.random = random;
                this.seen = seen;
                this.userId = "u" + (user + 1);
                for (int c = 0; c < clusters; c++) {
                    scratch[c] = (c == 0 ? 0 : scratch[c - 1]) + (nonEmptyCluster[c] ? clusterPopularity[c] : 0);
                }
                this.primary = sample(scratch, random);
                int second = -1;
                if (random.nextDouble() < 0.7) {
                    for (int c = 0; c < clusters; c++) {
                        scratch[c] = (c == 0 ? 0 : scratch[c - 1])
                                + (nonEmptyCluster[c] && c != primary ? clusterPopularity[c] : 0);
                    }
                    if (scratch[clusters - 1] > 0) {
                        second = sample(scratch, random);
                    }
                }
                this.secondary = second;
                this.secondaryShareStart = 0.10 + 0.15 * random.nextDouble();
                this.secondaryShareEnd = 0.35 + 0.25 * random.nextDouble();
                this.tasteShare = 0.72 + 0.16 * random.nextDouble();
                this.ratingBias = 0.3 * random.nextGaussian();
            }

            void run() {
                // Session sizes first, then where the sessions go in time, then their events.
                int[] sizes = sessionSizes();
                int sessions = sizes.length;
                long userStart = random.nextDouble() < 0.7 ? windowStart
                        : windowStart + (long) (random.nextDouble() * 0.6 * (windowEnd - windowStart));
                long span = windowEnd - userStart;
                long reservedTotal = 0;
                for (int s : sizes) {
                    reservedTotal += s * MAX_IN_SESSION_GAP;
                }
                // With absurdly many sessions for the window, compress the gaps inside sessions.
                double scale = reservedTotal > 0.7 * span ? 0.7 * span / reservedTotal : 1.0;
                long reservedScaled = (long) (reservedTotal * scale);
                long slack = span - reservedScaled;
                long minGap = Math.min(HOUR, slack / (2L * (sessions + 1)));
                double[] gaps = new double[sessions + 1];
                double gapSum = 0;
                for (int k = 0; k <= sessions; k++) {
                    gaps[k] = random.nextExponential();
                    gapSum += gaps[k];
                }
                long free = slack - (sessions + 1) * minGap;
                double position = userStart;
                for (int k = 0; k < sessions; k++) {
                    position += minGap + free * gaps[k] / gapSum;
                    long start = (long) position;
                    session(k + 1, sizes[k], start, scale);
                    position += sizes[k] * MAX_IN_SESSION_GAP * scale;
                }
            }

            private int[] sessionSizes() {
                int[] sizes = new int[count / MIN_SESSION + 1];
                int n = 0;
                int left = count;
                while (left > 0) {
                    int s = MIN_SESSION + Math.min(MAX_SESSION - MIN_SESSION,
                            (int) (Math.log(1 - random.nextDouble()) / Math.log(1 - 0.22)));
                    s = Math.min(s, left);
                    if (left - s == 1) {
                        s = s < MAX_SESSION ? s + 1 : s - 1;
                    }
                    sizes[n++] = s;
                    left -= s;
                }
                return Arrays.copyOf(sizes, n);
            }

            private void session(int number, int size, long start, double scale) {
                int session = sessionIds.size();
                sessionIds.add("s-" + userId + "-" + number);
                double progress = (double) (start - windowStart) / (windowEnd - windowStart);
                int cluster = primary;
                if (secondary >= 0) {
                    double share = secondaryShareStart + (secondaryShareEnd - secondaryShareStart) * progress;
                    if (random.nextDouble() < share) {
                        cluster = secondary;
                    }
                }
                int left = size;
                long t = start;
                impressedCount = 0;
                lastViewed = -1;
                if (left >= 3 && random.nextDouble() < 0.4) {
                    int shown = 1 + random.nextInt(Math.min(3, left - 2));
                    for (int k = 0; k < shown; k++) {
                        int item = random.nextDouble() < 0.5 ? sampleCluster(cluster, t) : sampleGlobal(t);
                        impressed[impressedCount++] = item;
                        emit(t, item, IMPRESSION, Float.NaN, session);
                        t += gap(0.8, 0.5, 200, 2 * SECOND, scale);
                        left--;
                    }
                    t += gap(8, 0.6, 2 * SECOND, 30 * SECOND, scale);
                }
                boolean first = true;
                while (left > 0) {
                    if (!first) {
                        t += gap(45, 0.8, 4 * SECOND, MAX_IN_SESSION_GAP, scale);
                    }
                    first = false;
                    int item = viewItem(cluster, t);
                    boolean inTaste = inTaste(item);
                    emit(t, item, VIEW, Float.NaN, session);
                    left--;
                    seen.addTo(item, 1);
                    lastViewed = item;

                    double affinity = (inTaste ? 0.9 : -0.8) + quality[item] + 0.5 * random.nextGaussian();
                    if (left > 0 && random.nextDouble() < (inTaste ? 0.32 : 0.15)) {
                        t += gap(6, 0.7, 1 * SECOND, 20 * SECOND, scale);
                        emit(t, item, CLICK, Float.NaN, session);
                        left--;
                        if (left > 0 && random.nextDouble() < (affinity > 0.3 ? 0.45 : 0.10)) {
                            t += gap(35, 0.6, 8 * SECOND, 90 * SECOND, scale);
                            emit(t, item, ADD_TO_CART, Float.NaN, session);
                            left--;
                            if (left > 0 && random.nextDouble() < 0.65) {
                                t += gap(80, 0.6, 20 * SECOND, MAX_IN_SESSION_GAP, scale);
                                emit(t, item, PURCHASE, Float.NaN, session);
                                left--;
                            }
                        }
                    }
                    if (left > 0 && random.nextDouble() < (inTaste ? 0.23 : 0.18)) {
                        t += gap(20, 0.6, 3 * SECOND, 60 * SECOND, scale);
                        double value = Math.rint(2 * (3.0 + 1.1 * affinity + ratingBias)) / 2;
                        emit(t, item, RATING, (float) Math.max(0.5, Math.min(5.0, value)), session);
                        left--;
                    }
                    if (left > 0) {
                        double u = random.nextDouble();
                        if (u < (affinity > 0.6 ? 0.13 : 0.005)) {
                            t += gap(10, 0.6, 2 * SECOND, 60 * SECOND, scale);
                            emit(t, item, LIKE, Float.NaN, session);
                            left--;
                        } else if (random.nextDouble() < (affinity < -0.3 ? 0.075 : 0.002)) {
                            t += gap(10, 0.6, 2 * SECOND, 60 * SECOND, scale);
                            emit(t, item, DISLIKE, Float.NaN, session);
                            left--;
                        }
                    }
                }
            }

            /**
             * The next item to view: an impressed item, one from the session's cluster or a popular one.
             * Items already viewed are mostly redrawn (and never taken a fourth time while there is a
             * choice); users who have seen the popular part of their cluster dig into its long tail.
             */
            private int viewItem(int cluster, long t) {
                int item = -1;
                for (int attempt = 0; attempt < 6; attempt++) {
                    if (lastViewed >= 0 && random.nextDouble() < FOLLOW_TOPIC_SHARE) {
                        item = sampleTopic(itemTopic[lastViewed], t);
                    } else if (impressedCount > 0 && random.nextDouble() < 0.35) {
                        int k = random.nextInt(impressedCount);
                        item = impressed[k];
                        impressed[k] = impressed[--impressedCount];
                    } else if (random.nextDouble() < tasteShare) {
                        item = sampleCluster(cluster, t);
                    } else {
                        item = sampleGlobal(t);
                    }
                    if (acceptable(item, true)) {
                        return item;
                    }
                }
                for (int attempt = 0; attempt < 4; attempt++) {
                    int candidate = sampleGlobal(t);
                    if (acceptable(candidate, false)) {
                        return candidate;
                    }
                }
                int[] members = clusterItems[cluster].length > 0 ? clusterItems[cluster] : backlistItems;
                for (int attempt = 0; attempt < 8; attempt++) {
                    int candidate = members[random.nextInt(members.length)];
                    if (createdAt[candidate] <= t && acceptable(candidate, false)) {
                        return candidate;
                    }
                }
                for (int attempt = 0; attempt < 8; attempt++) {
                    int candidate = random.nextInt(itemCluster.length);
                    if (createdAt[candidate] <= t && acceptable(candidate, false)) {
                        return candidate;
                    }
                }
                return item;
            }

            private boolean acceptable(int item, boolean allowRepeat) {
                if (item == lastViewed) {
                    return false;
                }
                int views = seen.get(item);
                return views == 0 || (allowRepeat && views < 3 && random.nextDouble() < 0.05);
            }

            private boolean inTaste(int item) {
                int c = itemCluster[item];
                int c2 = itemCluster2[item];
                return c == primary || c == secondary || (c2 >= 0 && (c2 == primary || c2 == secondary));
            }

            private int sampleCluster(int cluster, long t) {
                int[] members = clusterItems[cluster];
                double[] cumulativeWeights = clusterCumulative[cluster];
                if (members.length == 0) {
                    return sampleGlobal(t);
                }
                for (int attempt = 0; attempt < 8; attempt++) {
                    int item = members[sample(cumulativeWeights, random)];
                    if (createdAt[item] <= t) {
                        return item;
                    }
                }
                return sampleBacklist();
            }

            private int sampleTopic(int topic, long t) {
                for (int attempt = 0; attempt < 4; attempt++) {
                    int item = topicItems[topic][sample(topicCumulative[topic], random)];
                    if (createdAt[item] <= t) {
                        return item;
                    }
                }
                return sampleGlobal(t);
            }

            private int sampleGlobal(long t) {
                for (int attempt = 0; attempt < 8; attempt++) {
                    int item = sample(globalCumulative, random);
                    if (createdAt[item] <= t) {
                        return item;
                    }
                }
                return sampleBacklist();
            }

            private int sampleBacklist() {
                return backlistItems[sample(backlistCumulative, random)];
            }

            /** A log-normal gap around {@code medianSeconds}, clamped, scaled for crowded histories. */
            private long gap(double medianSeconds, double sigma, long min, long max, double scale) {
                double ms = medianSeconds * SECOND * Math.exp(sigma * random.nextGaussian());
                long clamped = (long) Math.max(min, Math.min(max, ms));
                return Math.max(1, (long) (clamped * scale));
            }

            private void emit(long t, int item, int type, float rating, int session) {
                int k = eventCount++;
                eventTime[k] = Math.min(t, windowEnd);
                eventUser[k] = user;
                eventItem[k] = item;
                eventType[k] = (byte) type;
                eventRating[k] = rating;
                eventSession[k] = session;
            }
        }

        private List<Event> sortedEvents() {
            int n = eventCount;
            int[] order = new int[n];
            for (int k = 0; k < n; k++) {
                order[k] = k;
            }
            long[] time = eventTime;
            IntArrays.quickSort(order, (a, b) -> {
                int byTime = Long.compare(time[a], time[b]);
                return byTime != 0 ? byTime : Integer.compare(a, b);
            });
            String[] userIds = new String[config.users()];
            for (int u = 0; u < userIds.length; u++) {
                userIds[u] = "u" + (u + 1);
            }
            List<Event> events = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                int e = order[k];
                EventType type = TYPES[eventType[e]];
                double rating = type == EventType.RATING ? eventRating[e] : Double.NaN;
                events.add(new Event("demo-" + (k + 1), userIds[eventUser[e]], itemIds[eventItem[e]], type, rating,
                        eventTime[e], sessionIds.get(eventSession[e]), SOURCE, null));
            }
            return events;
        }
    }

    // -------------------------------------------------------------------- sampling helpers

    /** Running sums of {@code weights}; the last entry is the total. */
    static double[] cumulative(double[] weights) {
        double[] cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
        return cumulative;
    }

    /** An index drawn with probability proportional to its weight, by binary search on the running sums. */
    static int sample(double[] cumulative, SplittableRandom random) {
        double target = random.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static <T> T pick(T[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = values[i];
            values[i] = values[j];
            values[j] = tmp;
        }
    }
}
