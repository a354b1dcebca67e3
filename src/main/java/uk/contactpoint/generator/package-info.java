/**
 * The synthetic data generator: a population of children in families, and the four national and local feeds that
 * would describe them, each with the gaps, variants and mistakes that real sources make. Writes a truth file so that
 * matching quality can be measured. Deterministic for a seed.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Synthetic data generator")
package uk.contactpoint.generator;
