/** The signing page: trusted keys, identities and trust roots, and what each signer signed. */
package io.keelwatch.signing.pages;
