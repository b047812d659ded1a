/**
 * Environments clusters run in (dev, staging, prod), in an order people edit from least to most
 * critical: the aggregate, its API and page. Leads and admins change them; everyone reads them.
 */
package io.keelwatch.inventory.environments;
