/** The notes API: built out in its own issue; the module already builds and ships a jar. */
package dev.notesbackup.notes;
