"""Which script makes which result, and which published numbers each paper item owns.

An item is replicated when every published number it owns agrees with our value within its
stated tolerance; partially when some do; not replicated when none do. Ids of ``data/paper`` not
claimed by any item are reported under "other".
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    title: str
    where: str
    results: tuple  # names of data/results/<name>.json, each made by the item module replicate.<name>
    prefixes: tuple  # published-number id prefixes owned by the item

    @property
    def commands(self):
        return tuple(command(name) for name in self.results)


def command(name):
    """The command that runs module ``replicate.<name>`` (an item, or a tool such as ``tools.caches``)."""
    return f"python -m {PACKAGE}.{name}"


PACKAGE = "replicate"
# the commands beside the items: the report, the cache builders and checkers, the benchmark
TOOLS = (
    "report",
    "tools.caches",
    "tools.spm_table",
    "tools.glass_ensemble",
    "tools.size_series",
    "tools.smoke",
    "bench",
)


ITEMS = (
    # Part I: the paper, in its own order
    Item("Participation number and ratio", "eqns (1)-(2)", ("eqn2_participation",), ("eqn2.",)),
    Item("N_s a^2 and eps_0 of three glasses", "Sect. 3, eqns (6)-(8)", ("table_nsa2",), ("sec3.",)),
    Item(
        "The factor of eqn (8), W = 1.6 k_B T*, from the soft-potential model",
        "eqn (8); Figs 1-2",
        ("eqn8_w_factor",),
        ("eqn8.",),
    ),
    Item(
        "Soft-sphere glass: DOS and participation ratio",
        "Sect. 3, eqn (9), Figs 5-6",
        ("fig5", "fig6"),
        ("sim.", "fig5.", "fig6."),
    ),
    Item("The roots eta_1, eta_2 of eqn (19)", "eqn (19)", ("eqn19",), ("eqn19.",)),
    Item("The stability equation and Fig. 8", "eqns (20), (24), Fig. 8", ("fig8",), ("fig8.",)),
    Item("The constant of eqn (23)", "eqns (21)-(23)", ("eqn23",), ("eqn23.", "sec4.beta_eps0")),
    Item("eps_m/(k_B T_g) of three glasses", "Sect. 4, after eqn (23)", ("sec4_epsm",), ("sec4.epsm",)),
    # Part II: what the paper could not do in 1992
    Item(
        "Soft-sphere engine checks: equation of state, NVE drift",
        "eqn (9) model (no published number)",
        ("glass_checks",),
        (),
    ),
    Item(
        "Section 2 in the soft-sphere glass: the quartic term of each mode against N_k",
        "Sect. 2, eqns (1)-(5) (no published number)",
        ("sec2_quartic",),
        (),
    ),
    Item(
        "Soft-sphere glass: are the soft modes localised on about 100 atoms? N_k and core size against N",
        "Sect. 3, Fig 6 (Laird and Schober's claim), finite-size series",
        ("localisation",),
        (),
    ),
    Item(
        "Soft-sphere glass: the anatomy of a soft mode (Fig 7 measured)",
        "Sect. 3, Fig 7 (a sketch, no published number)",
        ("fig7",),
        (),
    ),
    Item(
        "Soft-sphere glass: the density of states below the phonon band, g ~ nu^delta, and A_4",
        "eqn (8) model's omega^4 against Figs 5-6 glasses (no published number)",
        ("dos_exponent",),
        (),
    ),
    Item(
        "Section 4 in the soft-sphere liquid: unstable and soft modes against temperature",
        "Sect. 4, eqns (10)-(24) (no published number)",
        ("sec4_liquid",),
        (),
    ),
)

# the items of Part II (no published number: checks of the engine and measurements beyond the paper)
EXTENSIONS = ("glass_checks", "sec2_quartic", "localisation", "fig7", "dos_exponent", "sec4_liquid")


def item_for(pid):
    """The item owning published-number id ``pid`` (None if unclaimed)."""
    for it in ITEMS:
        if any(pid.startswith(p) for p in it.prefixes):
            return it
    return None


def result_names():
    """Every result of every item, in report order (one ``replicate.<name>`` module each)."""
    return tuple(name for it in ITEMS for name in it.results)
