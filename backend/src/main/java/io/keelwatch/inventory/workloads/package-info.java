/**
 * What runs where: reading what kubectl prints (Pod lists, controller lists, one object, an admission
 * request) into the containers a cluster runs, writing a cluster's snapshot set-based, the drift each
 * running container shows, and the Running page and API.
 */
package io.keelwatch.inventory.workloads;
