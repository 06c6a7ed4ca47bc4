/**
 * Twistlet's stock resources live in sub-packages of this one ({@code files}, {@code script},
 * {@code cgi}, {@code proxy}, {@code vhost}, {@code rewrite}, {@code distrib}), each arriving
 * with its feature.
 */
package dev.twistlet.web;
