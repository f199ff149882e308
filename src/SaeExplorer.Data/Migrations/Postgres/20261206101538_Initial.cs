using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SaeExplorer.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Workspaces",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CorpusPath = table.Column<string>(type: "text", nullable: false),
                    ImportedFrom = table.Column<string>(type: "text", nullable: false),
                    ImportFormat = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    EmbeddingsPath = table.Column<string>(type: "text", nullable: true),
                    SpacePreset = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SpaceModel = table.Column<string>(type: "text", nullable: true),
                    SpaceFingerprint = table.Column<string>(type: "text", nullable: true),
                    SpaceNormalization = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    EmbeddingDimension = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Workspaces", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ApiTokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hint = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    RoleId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Lists",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Slug = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    OwnerId = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Lists", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Lists_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CorpusImages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WorkspaceId = table.Column<int>(type: "integer", nullable: false),
                    ExternalId = table.Column<string>(type: "text", nullable: false),
                    File = table.Column<string>(type: "text", nullable: false),
                    Url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    Category = table.Column<string>(type: "text", nullable: true),
                    Subcategory = table.Column<string>(type: "text", nullable: true),
                    Description = table.Column<string>(type: "text", nullable: true),
                    Width = table.Column<int>(type: "integer", nullable: false),
                    Height = table.Column<int>(type: "integer", nullable: false),
                    Hash = table.Column<string>(type: "text", nullable: false),
                    EmbeddingRow = table.Column<int>(type: "integer", nullable: true),
                    SkipReason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CorpusImages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CorpusImages_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Jobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WorkspaceId = table.Column<int>(type: "integer", nullable: false),
                    Stage = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Done = table.Column<int>(type: "integer", nullable: false),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Jobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Jobs_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Saes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WorkspaceId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Origin = table.Column<string>(type: "text", nullable: false),
                    Path = table.Column<string>(type: "text", nullable: false),
                    Architecture = table.Column<string>(type: "text", nullable: false),
                    DIn = table.Column<int>(type: "integer", nullable: false),
                    DSae = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    TrainingSteps = table.Column<int>(type: "integer", nullable: false),
                    TrainingSeconds = table.Column<double>(type: "double precision", nullable: false),
                    EvaluatedSamples = table.Column<long>(type: "bigint", nullable: true),
                    ExplainedVariance = table.Column<double>(type: "double precision", nullable: true),
                    Mse = table.Column<double>(type: "double precision", nullable: true),
                    MeanCosine = table.Column<double>(type: "double precision", nullable: true),
                    L0 = table.Column<double>(type: "double precision", nullable: true),
                    DeadShare = table.Column<double>(type: "double precision", nullable: true),
                    DenseShare = table.Column<double>(type: "double precision", nullable: true),
                    MetricsJson = table.Column<string>(type: "text", nullable: true),
                    AliveFeatures = table.Column<int>(type: "integer", nullable: true),
                    ReportJson = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Saes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Saes_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SharedGroups",
                columns: table => new
                {
                    Slug = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ContentHash = table.Column<string>(type: "text", nullable: false),
                    WorkspaceId = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "text", nullable: false),
                    K = table.Column<int>(type: "integer", nullable: false),
                    Tau = table.Column<string>(type: "text", nullable: false),
                    KMax = table.Column<int>(type: "integer", nullable: false),
                    Restarts = table.Column<int>(type: "integer", nullable: false),
                    GroupIndex = table.Column<int>(type: "integer", nullable: false),
                    Features = table.Column<byte[]>(type: "bytea", nullable: false),
                    Activations = table.Column<byte[]>(type: "bytea", nullable: false),
                    Mass = table.Column<double>(type: "double precision", nullable: false),
                    Share = table.Column<double>(type: "double precision", nullable: false),
                    SaeId = table.Column<int>(type: "integer", nullable: false),
                    SaeFingerprint = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SharedGroups", x => x.Slug);
                    table.ForeignKey(
                        name: "FK_SharedGroups_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SharedSteerings",
                columns: table => new
                {
                    Slug = table.Column<string>(type: "character varying(52)", maxLength: 52, nullable: false),
                    ContentHash = table.Column<string>(type: "text", nullable: false),
                    WorkspaceId = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "text", nullable: false),
                    KMax = table.Column<int>(type: "integer", nullable: false),
                    Restarts = table.Column<int>(type: "integer", nullable: false),
                    Tau = table.Column<string>(type: "text", nullable: false),
                    K = table.Column<int>(type: "integer", nullable: true),
                    Edits = table.Column<string>(type: "text", nullable: false),
                    KeepError = table.Column<bool>(type: "boolean", nullable: false),
                    SaeId = table.Column<int>(type: "integer", nullable: false),
                    SaeFingerprint = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SharedSteerings", x => x.Slug);
                    table.ForeignKey(
                        name: "FK_SharedSteerings_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Uploads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WorkspaceId = table.Column<int>(type: "integer", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Format = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Width = table.Column<int>(type: "integer", nullable: false),
                    Height = table.Column<int>(type: "integer", nullable: false),
                    Bytes = table.Column<long>(type: "bigint", nullable: false),
                    Embedding = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Uploads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Uploads_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ListEditors",
                columns: table => new
                {
                    ListId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ListEditors", x => new { x.ListId, x.UserId });
                    table.ForeignKey(
                        name: "FK_ListEditors_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ListEditors_Lists_ListId",
                        column: x => x.ListId,
                        principalTable: "Lists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Features",
                columns: table => new
                {
                    SaeId = table.Column<int>(type: "integer", nullable: false),
                    Feature = table.Column<int>(type: "integer", nullable: false),
                    FiringCount = table.Column<long>(type: "bigint", nullable: false),
                    Frequency = table.Column<double>(type: "double precision", nullable: false),
                    Log10Frequency = table.Column<double>(type: "double precision", nullable: true),
                    MaxActivation = table.Column<float>(type: "real", nullable: false),
                    MeanActivation = table.Column<double>(type: "double precision", nullable: false),
                    Histogram = table.Column<byte[]>(type: "bytea", nullable: false),
                    TopRows = table.Column<byte[]>(type: "bytea", nullable: false),
                    TopActivations = table.Column<byte[]>(type: "bytea", nullable: false),
                    TopBandBin = table.Column<int>(type: "integer", nullable: false),
                    Samples = table.Column<byte[]>(type: "bytea", nullable: false),
                    BandBounds = table.Column<byte[]>(type: "bytea", nullable: false),
                    NeighbourIds = table.Column<byte[]>(type: "bytea", nullable: false),
                    NeighbourCosines = table.Column<byte[]>(type: "bytea", nullable: false),
                    TopLabel = table.Column<string>(type: "text", nullable: true),
                    TopLabelScore = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Features", x => new { x.SaeId, x.Feature });
                    table.ForeignKey(
                        name: "FK_Features_Saes_SaeId",
                        column: x => x.SaeId,
                        principalTable: "Saes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Labels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SaeId = table.Column<int>(type: "integer", nullable: true),
                    Feature = table.Column<int>(type: "integer", nullable: true),
                    GroupSlug = table.Column<string>(type: "character varying(40)", nullable: true),
                    Text = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AuthorId = table.Column<string>(type: "text", nullable: true),
                    Source = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: true),
                    BalancedAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    ScoreNote = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EditedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Labels", x => x.Id);
                    table.CheckConstraint("CK_Labels_Target", "(\"SaeId\" IS NOT NULL AND \"Feature\" IS NOT NULL AND \"GroupSlug\" IS NULL) OR (\"SaeId\" IS NULL AND \"Feature\" IS NULL AND \"GroupSlug\" IS NOT NULL)");
                    table.ForeignKey(
                        name: "FK_Labels_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Labels_Saes_SaeId",
                        column: x => x.SaeId,
                        principalTable: "Saes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Labels_SharedGroups_GroupSlug",
                        column: x => x.GroupSlug,
                        principalTable: "SharedGroups",
                        principalColumn: "Slug",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ListItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ListId = table.Column<int>(type: "integer", nullable: false),
                    SaeId = table.Column<int>(type: "integer", nullable: true),
                    Feature = table.Column<int>(type: "integer", nullable: true),
                    GroupSlug = table.Column<string>(type: "character varying(40)", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    AddedById = table.Column<string>(type: "text", nullable: true),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ListItems", x => x.Id);
                    table.CheckConstraint("CK_ListItems_Target", "(\"SaeId\" IS NOT NULL AND \"Feature\" IS NOT NULL AND \"GroupSlug\" IS NULL) OR (\"SaeId\" IS NULL AND \"Feature\" IS NULL AND \"GroupSlug\" IS NOT NULL)");
                    table.ForeignKey(
                        name: "FK_ListItems_AspNetUsers_AddedById",
                        column: x => x.AddedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ListItems_Lists_ListId",
                        column: x => x.ListId,
                        principalTable: "Lists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ListItems_Saes_SaeId",
                        column: x => x.SaeId,
                        principalTable: "Saes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ListItems_SharedGroups_GroupSlug",
                        column: x => x.GroupSlug,
                        principalTable: "SharedGroups",
                        principalColumn: "Slug",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LabelComments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LabelId = table.Column<int>(type: "integer", nullable: false),
                    AuthorId = table.Column<string>(type: "text", nullable: true),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LabelComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LabelComments_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_LabelComments_Labels_LabelId",
                        column: x => x.LabelId,
                        principalTable: "Labels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LabelRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LabelId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EditorId = table.Column<string>(type: "text", nullable: true),
                    EditedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LabelRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LabelRevisions_AspNetUsers_EditorId",
                        column: x => x.EditorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_LabelRevisions_Labels_LabelId",
                        column: x => x.LabelId,
                        principalTable: "Labels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LabelVotes",
                columns: table => new
                {
                    LabelId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<int>(type: "integer", nullable: false),
                    CastAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LabelVotes", x => new { x.LabelId, x.UserId });
                    table.CheckConstraint("CK_LabelVotes_Value", "\"Value\" IN (-1, 1)");
                    table.ForeignKey(
                        name: "FK_LabelVotes_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LabelVotes_Labels_LabelId",
                        column: x => x.LabelId,
                        principalTable: "Labels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_Hash",
                table: "ApiTokens",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_UserId",
                table: "ApiTokens",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CorpusImages_Hash",
                table: "CorpusImages",
                column: "Hash");

            migrationBuilder.CreateIndex(
                name: "IX_CorpusImages_WorkspaceId_EmbeddingRow",
                table: "CorpusImages",
                columns: new[] { "WorkspaceId", "EmbeddingRow" });

            migrationBuilder.CreateIndex(
                name: "IX_CorpusImages_WorkspaceId_ExternalId",
                table: "CorpusImages",
                columns: new[] { "WorkspaceId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Features_SaeId_Log10Frequency",
                table: "Features",
                columns: new[] { "SaeId", "Log10Frequency" });

            migrationBuilder.CreateIndex(
                name: "IX_Features_SaeId_MaxActivation",
                table: "Features",
                columns: new[] { "SaeId", "MaxActivation" });

            migrationBuilder.CreateIndex(
                name: "IX_Features_SaeId_MeanActivation",
                table: "Features",
                columns: new[] { "SaeId", "MeanActivation" });

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_WorkspaceId_Stage",
                table: "Jobs",
                columns: new[] { "WorkspaceId", "Stage" });

            migrationBuilder.CreateIndex(
                name: "IX_LabelComments_AuthorId",
                table: "LabelComments",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_LabelComments_LabelId",
                table: "LabelComments",
                column: "LabelId");

            migrationBuilder.CreateIndex(
                name: "IX_LabelRevisions_EditorId",
                table: "LabelRevisions",
                column: "EditorId");

            migrationBuilder.CreateIndex(
                name: "IX_LabelRevisions_LabelId_Version",
                table: "LabelRevisions",
                columns: new[] { "LabelId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Labels_AuthorId",
                table: "Labels",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_Labels_GroupSlug",
                table: "Labels",
                column: "GroupSlug");

            migrationBuilder.CreateIndex(
                name: "IX_Labels_SaeId_Feature",
                table: "Labels",
                columns: new[] { "SaeId", "Feature" });

            migrationBuilder.CreateIndex(
                name: "IX_LabelVotes_UserId",
                table: "LabelVotes",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ListEditors_UserId",
                table: "ListEditors",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ListItems_AddedById",
                table: "ListItems",
                column: "AddedById");

            migrationBuilder.CreateIndex(
                name: "IX_ListItems_GroupSlug",
                table: "ListItems",
                column: "GroupSlug");

            migrationBuilder.CreateIndex(
                name: "IX_ListItems_ListId",
                table: "ListItems",
                column: "ListId");

            migrationBuilder.CreateIndex(
                name: "IX_ListItems_SaeId",
                table: "ListItems",
                column: "SaeId");

            migrationBuilder.CreateIndex(
                name: "IX_Lists_OwnerId",
                table: "Lists",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Lists_Slug",
                table: "Lists",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Saes_Active",
                table: "Saes",
                column: "WorkspaceId",
                unique: true,
                filter: "\"IsActive\"");

            migrationBuilder.CreateIndex(
                name: "IX_Saes_WorkspaceId_Name",
                table: "Saes",
                columns: new[] { "WorkspaceId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SharedGroups_ContentHash",
                table: "SharedGroups",
                column: "ContentHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SharedGroups_WorkspaceId",
                table: "SharedGroups",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_SharedSteerings_ContentHash",
                table: "SharedSteerings",
                column: "ContentHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SharedSteerings_WorkspaceId",
                table: "SharedSteerings",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_Uploads_WorkspaceId_Hash",
                table: "Uploads",
                columns: new[] { "WorkspaceId", "Hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Workspaces_Name",
                table: "Workspaces",
                column: "Name",
                unique: true);

            // --- hand-written: copy this block into a regenerated migration ---
            // Full-text search as SQLite's FTS5 'porter unicode61' does it, so both providers find the same rows: words are
            // runs of letters and digits, lower-cased, accents taken off (unaccent), and Porter-stemmed when 3 to 64 bytes
            // long (Snowball's "porter" is FTS5's algorithm). A stored tsvector column on each searched table, GIN-indexed;
            // saex_tsquery makes each query word a prefix (a phrase when it holds several) and ANDs them; saex_mark marks
            // the words of a text that match them (between chr(2) and chr(3), as FTS5's highlight()).
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS unaccent;
                CREATE TEXT SEARCH DICTIONARY saex_porter (TEMPLATE = snowball, Language = porter);

                CREATE FUNCTION saex_lexemes(body text) RETURNS TABLE (pos integer, lexeme text)
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
                    SELECT n::integer, CASE WHEN octet_length(w) < 3 OR octet_length(w) > 64 THEN w
                                            ELSE coalesce((ts_lexize('saex_porter', w))[1], w) END
                    FROM regexp_split_to_table(lower(unaccent('unaccent', coalesce(body, ''))), '[^[:alnum:]]+') WITH ORDINALITY AS t(w, n)
                    WHERE w <> '' AND octet_length(w) < 2047
                $$;
                CREATE FUNCTION saex_tsvector(body text) RETURNS tsvector
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
                    SELECT coalesce(string_agg(quote_literal(lexeme) || ':' || least(pos, 16383), ' ')::tsvector, ''::tsvector)
                    FROM saex_lexemes(body)
                $$;
                CREATE FUNCTION saex_tsquery(words text[]) RETURNS tsquery
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
                    SELECT string_agg(term, ' & ')::tsquery FROM (
                        SELECT string_agg(quote_literal(lexeme) || CASE WHEN last THEN ':*' ELSE '' END, ' <-> ' ORDER BY pos) AS term
                        FROM (SELECT w.i, l.pos, l.lexeme, l.pos = max(l.pos) OVER (PARTITION BY w.i) AS last
                              FROM unnest(words) WITH ORDINALITY AS w(word, i), saex_lexemes(w.word) l) x
                        GROUP BY i) terms
                $$;
                CREATE FUNCTION saex_mark(body text, words text[]) RETURNS text
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
                    WITH ops AS (SELECT l.lexeme, l.pos = max(l.pos) OVER (PARTITION BY w.i) AS prefix
                                 FROM unnest(words) WITH ORDINALITY AS w(word, i), saex_lexemes(w.word) l),
                         parts AS (SELECT n, m[1] AS sep, m[2] AS word
                                   FROM regexp_matches(body, '([^[:alnum:]]*)([[:alnum:]]*)', 'g') WITH ORDINALITY AS t(m, n))
                    SELECT string_agg(sep || CASE WHEN word <> '' AND EXISTS (
                            SELECT 1 FROM saex_lexemes(word) x, ops o WHERE x.lexeme = o.lexeme OR (o.prefix AND starts_with(x.lexeme, o.lexeme)))
                        THEN chr(2) || word || chr(3) ELSE word END, '' ORDER BY n)
                    FROM parts
                $$;

                ALTER TABLE "CorpusImages" ADD COLUMN "SearchVector" tsvector
                    GENERATED ALWAYS AS (saex_tsvector("Description") || saex_tsvector("Category") || saex_tsvector("Subcategory")) STORED;
                CREATE INDEX "IX_CorpusImages_SearchVector" ON "CorpusImages" USING gin ("SearchVector");
                ALTER TABLE "Features" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (saex_tsvector("TopLabel")) STORED;
                CREATE INDEX "IX_Features_SearchVector" ON "Features" USING gin ("SearchVector");
                ALTER TABLE "Labels" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (saex_tsvector("Text")) STORED;
                CREATE INDEX "IX_Labels_SearchVector" ON "Labels" USING gin ("SearchVector");
                ALTER TABLE "LabelComments" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (saex_tsvector("Text")) STORED;
                CREATE INDEX "IX_LabelComments_SearchVector" ON "LabelComments" USING gin ("SearchVector");
                """);
            // --- end of hand-written block ---
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Hand-written (see Up): the search columns, then what they are made with.
            migrationBuilder.Sql("""
                ALTER TABLE "LabelComments" DROP COLUMN "SearchVector";
                ALTER TABLE "Labels" DROP COLUMN "SearchVector";
                ALTER TABLE "Features" DROP COLUMN "SearchVector";
                ALTER TABLE "CorpusImages" DROP COLUMN "SearchVector";
                DROP FUNCTION saex_mark(text, text[]), saex_tsquery(text[]), saex_tsvector(text), saex_lexemes(text);
                DROP TEXT SEARCH DICTIONARY saex_porter;
                """);

            migrationBuilder.DropTable(
                name: "ApiTokens");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "CorpusImages");

            migrationBuilder.DropTable(
                name: "Features");

            migrationBuilder.DropTable(
                name: "Jobs");

            migrationBuilder.DropTable(
                name: "LabelComments");

            migrationBuilder.DropTable(
                name: "LabelRevisions");

            migrationBuilder.DropTable(
                name: "LabelVotes");

            migrationBuilder.DropTable(
                name: "ListEditors");

            migrationBuilder.DropTable(
                name: "ListItems");

            migrationBuilder.DropTable(
                name: "SharedSteerings");

            migrationBuilder.DropTable(
                name: "Uploads");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "Labels");

            migrationBuilder.DropTable(
                name: "Lists");

            migrationBuilder.DropTable(
                name: "Saes");

            migrationBuilder.DropTable(
                name: "SharedGroups");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "Workspaces");
        }
    }
}
