PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_station` (
	`id` integer PRIMARY KEY NOT NULL,
	`station_id` text,
	`name` text,
	`public_key` text NOT NULL,
	`private_key` text,
	`created_at` text NOT NULL,
	`station_id_set_at` text,
	`station_id_set_by` text,
	FOREIGN KEY (`station_id_set_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_station`("id", "station_id", "name", "public_key", "private_key", "created_at", "station_id_set_at", "station_id_set_by") SELECT "id", "station_id", "name", "public_key", "private_key", "created_at", "station_id_set_at", "station_id_set_by" FROM `station`;--> statement-breakpoint
DROP TABLE `station`;--> statement-breakpoint
ALTER TABLE `__new_station` RENAME TO `station`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `station_station_id_unique` ON `station` (`station_id`);