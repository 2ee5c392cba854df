/**
 * Data sets as matrices (examples × features and examples × targets), scalers, labels, IDX files,
 * synthetic sets and feature crosses.
 */
package dev.myelin.data;
